//! Throttles password guessing: too many failed logins for one email or from
//! one address within the window get `429` with `Retry-After`.

use std::collections::{HashMap, VecDeque};
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
    /// `Some(wait)` when this attempt must be refused.
    pub fn check(&self, email: &str, address: &str) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        [
            (email_key(email), MAX_FAILURES_PER_EMAIL),
            (address_key(address), MAX_FAILURES_PER_ADDRESS),
        ]
        .into_iter()
        .filter_map(|(key, max)| {
            let times = failures.get_mut(&key)?;
            prune(times, now);
            (times.len() >= max).then(|| WINDOW.saturating_sub(now - times[0]))
        })
        .max()
    }

    pub fn record_failure(&self, email: &str, address: &str) {
        let now = Instant::now();
        let mut failures = self
            .failures
            .lock()
            .expect("limiter lock is never poisoned");
        if failures.len() > SWEEP_THRESHOLD {
            failures.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
        }
        for key in [email_key(email), address_key(address)] {
            failures.entry(key).or_default().push_back(now);
        }
    }

    pub fn record_success(&self, email: &str) {
        self.failures
            .lock()
            .expect("limiter lock is never poisoned")
            .remove(&email_key(email));
    }
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
            assert!(limiter.check("a@example.com", "1.2.3.4").is_none());
            limiter.record_failure("A@example.com ", "1.2.3.4");
        }
        let wait = limiter.check("a@example.com", "5.6.7.8").expect("blocked");
        assert!(wait > Duration::from_secs(14 * 60));
        assert!(limiter.check("b@example.com", "5.6.7.8").is_none());
    }

    #[test]
    fn success_clears_the_email_but_not_the_address() {
        let limiter = LoginLimiter::default();
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            limiter.record_failure(&format!("user{i}@example.com"), "9.9.9.9");
        }
        limiter.record_success("user0@example.com");
        assert!(limiter.check("new@example.com", "9.9.9.9").is_some());
    }
}
