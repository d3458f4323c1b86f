//! Throttles password guessing without handing anyone a way to lock the
//! owner out. Failures are counted per client address and per (email, client
//! address): past the limit, that client gets `429` with `Retry-After`, and no
//! one else does. Per email alone there is only a slowdown: once an email has
//! drawn many failures from anywhere, each further wrong password for it is
//! answered a little later. A right password is never delayed or refused
//! because of what other addresses did.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_FAILURES_PER_ADDRESS: usize = 20;
const MAX_FAILURES_PER_EMAIL_AND_ADDRESS: usize = 5;
/// Failures for one email, from all addresses, before wrong passwords slow down.
const EMAIL_SLOWDOWN_AFTER: usize = 10;
/// The pause before answering a wrong password for an email under attack.
pub const EMAIL_SLOWDOWN: Duration = Duration::from_secs(1);
/// Above this many tracked keys, expired ones are swept on the next attempt.
const SWEEP_THRESHOLD: usize = 10_000;

#[derive(Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

/// An attempt that may go ahead; `slow_failure` is how long to wait before
/// answering should the password turn out wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub slow_failure: Option<Duration>,
}

impl LoginLimiter {
    /// Counts this attempt as a failure before the (slow) password check, so
    /// parallel guesses cannot all slip past the limit; `Err(wait)` when this
    /// client must be refused. A right password then calls [`Self::succeeded`].
    pub fn begin_attempt(&self, email: &str, address: &str) -> Result<Attempt, Duration> {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        let limits = [
            (address_key(address), MAX_FAILURES_PER_ADDRESS),
            (pair_key(email, address), MAX_FAILURES_PER_EMAIL_AND_ADDRESS),
        ];
        let wait = limits
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
        let email_failures = failures.entry(email_key(email)).or_default();
        prune(email_failures, now);
        let slow_failure = (email_failures.len() >= EMAIL_SLOWDOWN_AFTER).then_some(EMAIL_SLOWDOWN);
        email_failures.push_back(now);
        for (key, _) in limits {
            failures.entry(key).or_default().push_back(now);
        }
        Ok(Attempt { slow_failure })
    }

    /// The password was right: this client starts afresh for this email, and
    /// the email and address get back the attempt counted in advance.
    pub fn succeeded(&self, email: &str, address: &str) {
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        failures.remove(&pair_key(email, address));
        for key in [email_key(email), address_key(address)] {
            if let Some(times) = failures.get_mut(&key) {
                times.pop_back();
            }
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

fn normal_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn email_key(email: &str) -> String {
    format!("email:{}", normal_email(email))
}

fn pair_key(email: &str, address: &str) -> String {
    format!("pair:{}|{address}", normal_email(email))
}

fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_guessing_one_email_is_refused_but_others_are_not() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(limiter.begin_attempt("A@example.com ", "1.2.3.4").is_ok());
        }
        let wait = limiter
            .begin_attempt("a@example.com", "1.2.3.4")
            .expect_err("blocked");
        assert!(wait > Duration::from_secs(14 * 60));
        // The same email from elsewhere, and another email from there, go ahead.
        assert!(limiter.begin_attempt("a@example.com", "5.6.7.8").is_ok());
        assert!(limiter.begin_attempt("b@example.com", "1.2.3.4").is_ok());
    }

    #[test]
    fn one_address_spraying_many_emails_is_refused() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            assert!(limiter
                .begin_attempt(&format!("user{i}@example.com"), "9.9.9.9")
                .is_ok());
        }
        assert!(limiter
            .begin_attempt("owner@example.com", "9.9.9.9")
            .is_err());
        assert!(limiter
            .begin_attempt("owner@example.com", "8.8.8.8")
            .is_ok());
    }

    #[test]
    fn an_email_under_attack_from_everywhere_only_slows_its_wrong_passwords() {
        let limiter = LoginLimiter::default();
        for i in 0..EMAIL_SLOWDOWN_AFTER {
            let attempt = limiter
                .begin_attempt("owner@example.com", &format!("10.0.0.{i}"))
                .unwrap();
            assert_eq!(attempt.slow_failure, None);
        }
        // Any number more: never refused, only slowed should they be wrong.
        for i in 0..50 {
            let attempt = limiter
                .begin_attempt("owner@example.com", &format!("10.0.1.{i}"))
                .expect("an email alone is never locked");
            assert_eq!(attempt.slow_failure, Some(EMAIL_SLOWDOWN));
        }
    }

    #[test]
    fn success_clears_the_client_and_returns_the_attempt_counted_in_advance() {
        let limiter = LoginLimiter::default();
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS - 1 {
            assert!(limiter.begin_attempt("me@example.com", "9.9.9.9").is_ok());
        }
        assert!(limiter.begin_attempt("me@example.com", "9.9.9.9").is_ok());
        limiter.succeeded("me@example.com", "9.9.9.9");
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(limiter.begin_attempt("me@example.com", "9.9.9.9").is_ok());
        }
        assert!(limiter.begin_attempt("me@example.com", "9.9.9.9").is_err());
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
