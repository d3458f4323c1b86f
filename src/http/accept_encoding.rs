//! Which precompressed variant of a file a client may get, from its
//! `Accept-Encoding`: brotli when accepted, else gzip, else the file itself.

use axum::http::{header, HeaderMap};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
}

impl Encoding {
    /// Best first.
    pub const PREFERRED: [Encoding; 2] = [Encoding::Brotli, Encoding::Gzip];

    /// The `Content-Encoding` token.
    pub fn token(self) -> &'static str {
        match self {
            Self::Brotli => "br",
            Self::Gzip => "gzip",
        }
    }

    /// The file name suffix the build gives this variant (`app.js.br`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Brotli => ".br",
            Self::Gzip => ".gz",
        }
    }
}

/// The encodings the request accepts, best first. An encoding is accepted
/// when named with a non-zero q-value, or covered by `*` without being
/// refused by name (`br;q=0`). Headers that are not text count as absent.
pub fn accepted(headers: &HeaderMap) -> Vec<Encoding> {
    let mut named: Vec<(String, bool)> = Vec::new();
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(text) = value.to_str() else { continue };
        for item in text.split(',') {
            let mut parts = item.split(';').map(str::trim);
            let name = parts.next().unwrap_or_default().to_ascii_lowercase();
            if name.is_empty() {
                continue;
            }
            let q = parts
                .find_map(|p| p.strip_prefix("q=").or_else(|| p.strip_prefix("Q=")))
                .map(|q| q.parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0);
            named.push((name, q > 0.0));
        }
    }
    let verdict = |token: &str| {
        named
            .iter()
            .find(|(name, _)| name == token || (token == "gzip" && name == "x-gzip"))
            .or_else(|| named.iter().find(|(name, _)| name == "*"))
            .is_some_and(|(_, ok)| *ok)
    };
    Encoding::PREFERRED
        .into_iter()
        .filter(|e| verdict(e.token()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn accepts(value: &'static str) -> Vec<Encoding> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        accepted(&headers)
    }

    #[test]
    fn brotli_comes_before_gzip_whatever_the_order_in_the_header() {
        assert_eq!(
            accepts("gzip, deflate, br, zstd"),
            [Encoding::Brotli, Encoding::Gzip]
        );
        assert_eq!(accepts("gzip"), [Encoding::Gzip]);
        assert_eq!(accepts("BR"), [Encoding::Brotli]);
    }

    #[test]
    fn a_zero_q_value_refuses_an_encoding() {
        assert_eq!(accepts("br;q=0, gzip;q=0.5"), [Encoding::Gzip]);
        assert_eq!(accepts("gzip;q=0.0, br ; q=1"), [Encoding::Brotli]);
        assert_eq!(accepts("*;q=0"), []);
    }

    #[test]
    fn a_wildcard_covers_what_is_not_named() {
        assert_eq!(accepts("*"), [Encoding::Brotli, Encoding::Gzip]);
        assert_eq!(accepts("br;q=0, *"), [Encoding::Gzip]);
        assert_eq!(accepts("x-gzip"), [Encoding::Gzip]);
    }

    #[test]
    fn no_header_or_identity_only_gets_the_plain_file() {
        assert_eq!(accepted(&HeaderMap::new()), []);
        assert_eq!(accepts("identity"), []);
        assert_eq!(accepts("deflate"), []);
    }
}
