//! Twilio's `X-Twilio-Signature`: Base64(HMAC-SHA1(auth token, URL + sorted
//! POST parameters)). The URL is the public one Twilio called (built from
//! `APP_URL`, so a TLS-terminating proxy does not break it); like Twilio's own
//! SDKs we also accept it with and without the scheme's standard port.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use sha1::Sha1;

type HmacSha1 = Hmac<Sha1>;

/// The signature Twilio would send for this URL and these parameters.
pub fn compute(auth_token: &str, url: &str, params: &[(String, String)]) -> String {
    STANDARD.encode(mac_for(auth_token, url, params).finalize().into_bytes())
}

/// Whether `signature` is valid for the request, in constant time.
pub fn is_valid(auth_token: &str, url: &str, params: &[(String, String)], signature: &str) -> bool {
    let Ok(expected) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    url_variants(url).iter().any(|candidate| {
        mac_for(auth_token, candidate, params)
            .verify_slice(&expected)
            .is_ok()
    })
}

fn mac_for(auth_token: &str, url: &str, params: &[(String, String)]) -> HmacSha1 {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    let mut mac =
        HmacSha1::new_from_slice(auth_token.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(url.as_bytes());
    for (name, value) in sorted {
        mac.update(name.as_bytes());
        mac.update(value.as_bytes());
    }
    mac
}

/// The URL as given, plus the form with the standard port added or removed.
fn url_variants(url: &str) -> Vec<String> {
    let mut variants = vec![url.to_owned()];
    let Some((scheme, rest)) = url.split_once("://") else {
        return variants;
    };
    let standard_port = match scheme {
        "https" => "443",
        "http" => "80",
        _ => return variants,
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (format!("{user}@"), host),
        None => (String::new(), authority),
    };
    // An IPv6 literal has colons inside brackets; the port follows `]`.
    let port_sep = if host_port.starts_with('[') {
        host_port.find("]:").map(|i| i + 1)
    } else {
        host_port.rfind(':')
    };
    match port_sep {
        Some(i) if &host_port[i + 1..] == standard_port => {
            variants.push(format!("{scheme}://{userinfo}{}{tail}", &host_port[..i]));
        }
        Some(_) => {}
        None => variants.push(format!(
            "{scheme}://{userinfo}{host_port}:{standard_port}{tail}"
        )),
    }
    variants
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params() -> Vec<(String, String)> {
        // Twilio's documented example.
        [
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675309"),
            ("Digits", "1234"),
            ("From", "+14158675309"),
            ("To", "+18005551212"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn matches_twilio_documented_example() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        assert_eq!(
            compute("12345", url, &params()),
            "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        );
    }

    #[test]
    fn accepts_with_or_without_standard_port() {
        let sig = compute("12345", "https://example.com:443/hook?x=1", &params());
        assert!(is_valid(
            "12345",
            "https://example.com/hook?x=1",
            &params(),
            &sig
        ));
        let sig = compute("12345", "https://example.com/hook", &params());
        assert!(is_valid(
            "12345",
            "https://example.com:443/hook",
            &params(),
            &sig
        ));
        let sig = compute("12345", "http://example.com/hook", &params());
        assert!(is_valid(
            "12345",
            "http://example.com:80/hook",
            &params(),
            &sig
        ));
    }

    #[test]
    fn rejects_other_urls_params_tokens_and_garbage() {
        let url = "https://example.com/hook";
        let sig = compute("12345", url, &params());
        assert!(!is_valid("54321", url, &params(), &sig));
        assert!(!is_valid(
            "12345",
            "https://example.com:8443/hook",
            &params(),
            &sig
        ));
        assert!(!is_valid(
            "12345",
            "http://example.com/hook",
            &params(),
            &sig
        ));
        let mut tampered = params();
        tampered[2].1 = "9999".into();
        assert!(!is_valid("12345", url, &tampered, &sig));
        assert!(!is_valid("12345", url, &params(), "not base64!"));
        assert!(!is_valid("12345", url, &params(), ""));
    }

    #[test]
    fn parameter_order_does_not_matter() {
        let url = "https://example.com/hook";
        let mut reversed = params();
        reversed.reverse();
        assert_eq!(compute("t", url, &params()), compute("t", url, &reversed));
    }
}
