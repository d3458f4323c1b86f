//! The web app, embedded in the binary at build time (`web/dist`): hashed
//! assets are cached for a year, `index.html` never, and every other path
//! gets `index.html` so the app's own router can take it. The build writes a
//! brotli (`.br`) and a gzip (`.gz`) copy beside each text file; a client
//! gets the best one its `Accept-Encoding` allows, else the file itself.

use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

use super::accept_encoding::{self, Encoding};
use super::error::ApiError;

#[derive(RustEmbed)]
#[folder = "web/dist"]
#[allow_missing = true]
struct WebApp;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

pub async fn serve(method: Method, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path.starts_with("api/") || path == "api" {
        return ApiError::not_found("This API path").into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let accepted = accept_encoding::accepted(&headers);
    // The compressed copies are ways of sending a file, not files of their own.
    let copy = Encoding::PREFERRED
        .iter()
        .any(|e| path.ends_with(e.extension()));
    if !path.is_empty() && !copy && WebApp::get(path).is_some() {
        let cache = if path.starts_with("assets/") {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        return asset(path, &accepted, cache);
    }
    if WebApp::get("index.html").is_some() {
        return asset("index.html", &accepted, REVALIDATE);
    }
    (
        StatusCode::NOT_FOUND,
        "The web UI is not part of this build: build it with `npm --prefix web run build` before `cargo build`.",
    )
        .into_response()
}

/// `path` (which exists) in the best encoding the client accepts.
fn asset(path: &str, accepted: &[Encoding], cache: &'static str) -> Response {
    let Some(original) = WebApp::get(path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = content_type(original.metadata.mimetype());
    let variant = accepted.iter().find_map(|encoding| {
        WebApp::get(&format!("{path}{}", encoding.extension())).map(|file| (*encoding, file))
    });
    let (encoding, data) = match variant {
        Some((encoding, file)) => (Some(encoding), file.data),
        None => (None, original.data),
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            // The answer depends on the header even when it is the plain
            // file: a cache must not hand it to a client that accepts br.
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        data,
    )
        .into_response();
    if let Some(encoding) = encoding {
        response.headers_mut().insert(
            header::CONTENT_ENCODING,
            HeaderValue::from_static(encoding.token()),
        );
    }
    response
}

/// The file's type; the build writes text as UTF-8.
fn content_type(mime: &str) -> HeaderValue {
    let value = if mime.starts_with("text/") {
        HeaderValue::from_str(&format!("{mime}; charset=utf-8"))
    } else {
        HeaderValue::from_str(mime)
    };
    value.unwrap_or(HeaderValue::from_static("application/octet-stream"))
}
