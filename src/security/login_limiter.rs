//! Throttles password guessing: too many failed logins for one email or from
//! one address within the window get `429` with `Retry-After`.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_FAILURES_PER_EMAIL: usize = 5;
const MAX_FAILURES_PER_ADDRESS: usize = 20;
/// Above this many tracked keys, expired ones are swept on the next failure.
const SWEEP_THRESHOLD: usize = 10_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl LoginLimiter {
    /// Counts this attempt as a failure before the (slow) password check, so
    /// parallel guesses cannot all slip past the limit; `Err(wait)` when it
    /// must be refused. A correct password then calls [`Self::succeeded`].
    pub fn begin_attempt(&self, email: &str, address: &str) -> Result<(), Duration> {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        let keys = [
            (email_key(email), MAX_FAILURES_PER_EMAIL),
            (address_key(address), MAX_FAILURES_PER_ADDRESS),
        ];
        let wait = keys
            .iter()
            .filter_map(|(key, max)| {
                let times = failures.get_mut(key)?;
                prune(times, now);
                (times.len() >= *max).then(|| WINDOW.saturating_sub(now - times[0]))
            })
            .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        if failures.len() > SWEEP_THRESHOLD {
            failures.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
        }
        for (key, _) in keys {
            failures.entry(key).or_default().push_back(now);
        }
        Ok(())
    }

    /// The password was right: the email starts afresh and the address gets
    /// back the attempt counted in advance.
    pub fn succeeded(&self, email: &str, address: &str) {
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        failures.remove(&email_key(email));
        if let Some(times) = failures.get_mut(&address_key(address)) {
            times.pop_back();
        }
    }
}

/// The address a login comes from. Behind a reverse proxy on this machine or
/// the private network (the TLS set-up the README describes) every request
/// arrives from the proxy, so its `X-Forwarded-For` names the client: the
/// last entry, the one the proxy itself added. Direct peers are used as they
/// are, so a stranger cannot pick an address by sending the header.
pub fn client_address(peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
    let behind_proxy = match peer {
        IpAddr::V4(v4) => v4.is_loopback() || v4.is_private(),
        IpAddr::V6(v6) => v6.is_loopback() || (v6.segments()[0] & 0xfe00) == 0xfc00,
    };
    forwarded_for
        .filter(|_| behind_proxy)
        .and_then(|list| list.rsplit(',').next())
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer)
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times.front().is_some_and(|t| now - *t >= WINDOW) {
        times.pop_front();
    }
}

fn email_key(email: &str) -> String {
    format!("email:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_after_repeated_failures_for_one_email() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES_PER_EMAIL {
            assert!(limiter.begin_attempt("A@example.com ", "1.2.3.4").is_ok());
        }
        let wait = limiter
            .begin_attempt("a@example.com", "5.6.7.8")
            .expect_err("blocked");
        assert!(wait > Duration::from_secs(14 * 60));
        assert!(limiter.begin_attempt("b@example.com", "5.6.7.8").is_ok());
    }

    #[test]
    fn success_clears_the_email_and_returns_the_address_its_attempt() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS - 1 {
            assert!(limiter
                .begin_attempt(&format!("user{i}@example.com"), "9.9.9.9")
                .is_ok());
        }
        assert!(limiter
            .begin_attempt("right@example.com", "9.9.9.9")
            .is_ok());
        limiter.succeeded("right@example.com", "9.9.9.9");
        // 19 failures stand: one more attempt is allowed, then none.
        assert!(limiter.begin_attempt("new@example.com", "9.9.9.9").is_ok());
        assert!(limiter
            .begin_attempt("new2@example.com", "9.9.9.9")
            .is_err());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_a_proxy_address() {
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        let from_proxy =
            client_address("127.0.0.1".parse().unwrap(), Some("10.1.1.1, 203.0.113.9"));
        assert_eq!(from_proxy, client);
        let private = client_address("10.0.0.2".parse().unwrap(), Some("203.0.113.9"));
        assert_eq!(private, client);
        let stranger: IpAddr = "198.51.100.7".parse().unwrap();
        assert_eq!(client_address(stranger, Some("203.0.113.9")), stranger);
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(client_address(local, Some("not an address")), local);
        assert_eq!(client_address(local, None), local);
    }
}
