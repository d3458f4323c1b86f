//! JSON answers of the API are compressed (brotli or gzip, as the client
//! accepts). Nothing else is: the live event stream must reach the browser
//! event by event, never held in a compressor's buffer, and the web app's
//! files come precompressed from the build (`web_assets`).

use axum::http::{header, Extensions, HeaderMap, StatusCode, Version};
use tower_http::compression::predicate::{Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;

/// Smaller bodies gain nothing worth the work.
const MIN_BYTES: u16 = 512;

pub fn layer() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .compress_when(SizeAbove::new(MIN_BYTES).and(is_json))
}

fn is_json(_: StatusCode, _: Version, headers: &HeaderMap, _: &Extensions) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|kind| kind.as_bytes().starts_with(b"application/json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn compressed(content_type: &'static str) -> bool {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        is_json(
            StatusCode::OK,
            Version::HTTP_11,
            &headers,
            &Extensions::new(),
        )
    }

    #[test]
    fn only_json_is_compressed_never_the_event_stream() {
        assert!(compressed("application/json"));
        assert!(!compressed("text/event-stream"));
        assert!(!compressed("text/javascript"));
        assert!(!compressed("text/xml"));
    }
}
