//! Security headers on every response: no MIME sniffing, no referrer beyond
//! our own origin, never framed, a Content-Security-Policy (the web app's
//! pages may load only our own scripts, styles, fonts and images; anything
//! else gets a policy that allows nothing), and HSTS when `APP_URL` is https.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;

use crate::app_state::AppState;

/// The web app's pages. Scripts only from our origin (Vite emits no inline
/// script); inline styles are allowed because Radix positions popovers with
/// `style` attributes and injects a `<style>` while a dialog locks scrolling.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self'; font-src 'self'; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// JSON, TwiML, scripts, images…: nothing in them may load or run anything.
pub const RESOURCE_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

/// Two years, as the HSTS preload list asks; no `includeSubDomains`: other
/// hosts of the owner's domain are not ours to decide for.
pub const HSTS: &str = "max-age=63072000";

/// What every response carries; built once from the configuration.
#[derive(Clone, Copy)]
pub struct SecurityHeaders {
    hsts: bool,
}

impl SecurityHeaders {
    pub fn new(app: &AppState) -> Self {
        Self {
            hsts: app.config.app_url.starts_with("https://"),
        }
    }

    fn apply(self, headers: &mut HeaderMap) {
        let html = headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|kind| kind.as_bytes().starts_with(b"text/html"));
        let csp = if html { APP_CSP } else { RESOURCE_CSP };
        let fixed = [
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "same-origin"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::CONTENT_SECURITY_POLICY, csp),
        ];
        for (name, value) in fixed {
            headers.insert(name, HeaderValue::from_static(value));
        }
        if self.hsts {
            headers.insert(
                header::STRICT_TRANSPORT_SECURITY,
                HeaderValue::from_static(HSTS),
            );
        }
    }
}

/// The middleware (`axum::middleware::map_response_with_state`).
pub async fn add(State(policy): State<SecurityHeaders>, mut response: Response) -> Response {
    policy.apply(response.headers_mut());
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn applied(hsts: bool, content_type: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(kind) = content_type {
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
        }
        SecurityHeaders { hsts }.apply(&mut headers);
        headers
    }

    #[test]
    fn a_page_gets_the_app_policy_and_anything_else_the_empty_one() {
        let page = applied(false, Some("text/html; charset=utf-8"));
        assert_eq!(page[header::CONTENT_SECURITY_POLICY], APP_CSP);
        let json = applied(false, Some("application/json"));
        assert_eq!(json[header::CONTENT_SECURITY_POLICY], RESOURCE_CSP);
        assert_eq!(
            applied(false, None)[header::CONTENT_SECURITY_POLICY],
            RESOURCE_CSP
        );
    }

    #[test]
    fn the_app_policy_runs_no_inline_script_and_is_never_framed() {
        let script_src = APP_CSP
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .expect("a script-src directive");
        assert_eq!(script_src, "script-src 'self'");
        assert!(APP_CSP.contains("frame-ancestors 'none'"));
        assert!(!APP_CSP.contains("unsafe-eval"));
    }

    #[test]
    fn hsts_only_when_the_app_is_served_over_https() {
        assert_eq!(applied(true, None)[header::STRICT_TRANSPORT_SECURITY], HSTS);
        assert!(!applied(false, None).contains_key(header::STRICT_TRANSPORT_SECURITY));
    }
}
