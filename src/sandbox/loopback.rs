//! How the simulators reach the app: they call the URLs the app gave them
//! (`APP_URL` + path, signed for that URL as Twilio signs it), but deliver
//! to the app's own listener on loopback, as a TLS-terminating proxy in
//! front of the app would. Nothing they send leaves the machine.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// Twilio's own limit for a webhook answer; the simulators keep to it.
const WEBHOOK_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Clone)]
pub struct Loopback {
    /// The public base the app signs and checks against (`APP_URL`).
    app_url: String,
    /// `http://127.0.0.1:PORT` of the app's listener.
    app_origin: String,
    http: reqwest::Client,
}

impl Loopback {
    /// `listening` is the app's bound address (`0.0.0.0` is reached on 127.0.0.1).
    pub fn new(app_url: &str, listening: SocketAddr) -> Self {
        let ip = match listening.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        Self {
            app_url: app_url.trim_end_matches('/').to_owned(),
            app_origin: format!("http://{}", SocketAddr::new(ip, listening.port())),
            http: crate::providers::http_client(WEBHOOK_TIMEOUT),
        }
    }

    pub fn app_url(&self) -> &str {
        &self.app_url
    }

    /// Where a URL of the app is reached locally; `None` for any other URL
    /// (the simulators call nothing but the app).
    pub fn local(&self, url: &str) -> Option<String> {
        let rest = url.strip_prefix(&self.app_url)?;
        (rest.is_empty() || rest.starts_with('/') || rest.starts_with('?'))
            .then(|| format!("{}{rest}", self.app_origin))
    }

    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_apps_own_urls_are_delivered_and_they_stay_on_loopback() {
        let lo = Loopback::new("https://sms.example.com", "0.0.0.0:3000".parse().unwrap());
        assert_eq!(
            lo.local("https://sms.example.com/api/webhooks/twilio/status"),
            Some("http://127.0.0.1:3000/api/webhooks/twilio/status".into())
        );
        assert_eq!(
            lo.local("https://sms.example.com/api/webhooks/closebot/response?token=x"),
            Some("http://127.0.0.1:3000/api/webhooks/closebot/response?token=x".into())
        );
        assert_eq!(lo.local("https://sms.example.com.evil.test/x"), None);
        assert_eq!(
            lo.local("https://example.org/api/webhooks/twilio/status"),
            None
        );
        let v6 = Loopback::new("http://localhost:3000", "[::]:3000".parse().unwrap());
        assert_eq!(
            v6.local("http://localhost:3000/a"),
            Some("http://[::1]:3000/a".into())
        );
    }
}
