//! Throttles password guessing without handing anyone a way to lock the
//! owner out. Failures are counted per client address and per (email, client
//! address): past the limit, that client gets `429` with `Retry-After`, and no
//! one else does. Per email alone there is only a slowdown: once an email has
//! drawn many failures from anywhere, each further wrong password for it is
//! answered a little later. A right password is never delayed or refused
//! because of what other addresses did.
//!
//! The failures are kept in the database (`login_failures`), so every
//! instance behind a load balancer counts the same guesses, and a restart
//! does not forget them.

use std::net::IpAddr;
use std::time::Duration;

use crate::storage::{FailureCount, Store, StoreResult, Tx};

const WINDOW: Duration = Duration::from_secs(15 * 60);
const MAX_FAILURES_PER_ADDRESS: i64 = 20;
const MAX_FAILURES_PER_EMAIL_AND_ADDRESS: i64 = 5;
/// Failures for one email, from all addresses, before wrong passwords slow down.
const EMAIL_SLOWDOWN_AFTER: i64 = 10;
/// The pause before answering a wrong password for an email under attack.
pub const EMAIL_SLOWDOWN: Duration = Duration::from_secs(1);

/// An attempt that may go ahead; `slow_failure` is how long to wait before
/// answering should the password turn out wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    pub slow_failure: Option<Duration>,
}

/// The counters one sign-in attempt touches.
#[derive(Debug, Clone)]
pub struct LoginKeys {
    address: String,
    pair: String,
    email: String,
}

impl LoginKeys {
    pub fn new(email: &str, address: &str) -> Self {
        let email = email.trim().to_lowercase();
        Self {
            address: format!("addr:{address}"),
            pair: format!("pair:{email}|{address}"),
            email: format!("email:{email}"),
        }
    }

    fn all(&self) -> [String; 3] {
        [self.address.clone(), self.pair.clone(), self.email.clone()]
    }

    /// Counts this attempt as a failure before the (slow) password check, so
    /// parallel guesses cannot all slip past the limit (one write operation
    /// counts and adds); `Err(wait)` when this client must be refused. A
    /// right password then calls [`Self::succeeded`].
    pub async fn begin_attempt(
        &self,
        store: &Store,
        now_ms: i64,
    ) -> StoreResult<Result<Attempt, Duration>> {
        // A failure as old as the window has left it.
        let since = now_ms - WINDOW.as_millis() as i64 + 1;
        // Refused already? Then without a write (a flood costs the writer nothing).
        let seen = store.login_failures(&self.all(), since).await?;
        if let Err(wait) = self.judge(&seen, now_ms) {
            return Ok(Err(wait));
        }
        let keys = self.clone();
        let (verdict, _) = store
            .write(move |tx| {
                Box::pin(async move {
                    tx.prune_login_failures(since).await?;
                    let counts = tx.login_failures(&keys.all(), since).await?;
                    let verdict = keys.judge(&counts, now_ms);
                    if verdict.is_ok() {
                        tx.add_login_failures(&keys.all(), now_ms).await?;
                    }
                    Ok(verdict)
                })
            })
            .await?;
        Ok(verdict)
    }

    /// The password was right (inside the sign-in's own write): this client
    /// starts afresh for this email, and the email and address get back the
    /// attempt counted in advance.
    pub async fn succeeded(&self, tx: &mut Tx) -> StoreResult<()> {
        tx.clear_login_failures(&self.pair).await?;
        tx.take_back_login_failure(&self.email).await?;
        tx.take_back_login_failure(&self.address).await
    }

    fn judge(&self, counts: &[FailureCount], now_ms: i64) -> Result<Attempt, Duration> {
        let count = |key: &str| counts.iter().find(|c| c.key == key);
        let wait = [
            (&self.address, MAX_FAILURES_PER_ADDRESS),
            (&self.pair, MAX_FAILURES_PER_EMAIL_AND_ADDRESS),
        ]
        .into_iter()
        .filter_map(|(key, max)| count(key).filter(|c| c.failures >= max))
        .map(|c| {
            let age = Duration::from_millis((now_ms - c.oldest_at).max(0) as u64);
            WINDOW.saturating_sub(age)
        })
        .max();
        if let Some(wait) = wait {
            return Err(wait);
        }
        let email_failures = count(&self.email).map_or(0, |c| c.failures);
        Ok(Attempt {
            slow_failure: (email_failures >= EMAIL_SLOWDOWN_AFTER).then_some(EMAIL_SLOWDOWN),
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    async fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite(&dir.path().join("app.db"))
            .await
            .unwrap();
        store.migrate().await.unwrap();
        (dir, store)
    }

    async fn attempt(store: &Store, email: &str, address: &str) -> Result<Attempt, Duration> {
        LoginKeys::new(email, address)
            .begin_attempt(store, NOW)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn one_address_guessing_one_email_is_refused_but_others_are_not() {
        let (_dir, store) = store().await;
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(attempt(&store, "A@example.com ", "1.2.3.4").await.is_ok());
        }
        let wait = attempt(&store, "a@example.com", "1.2.3.4")
            .await
            .expect_err("blocked");
        assert_eq!(wait, WINDOW);
        // The same email from elsewhere, and another email from there, go ahead.
        assert!(attempt(&store, "a@example.com", "5.6.7.8").await.is_ok());
        assert!(attempt(&store, "b@example.com", "1.2.3.4").await.is_ok());
    }

    #[tokio::test]
    async fn the_window_passes_and_the_client_may_try_again() {
        let (_dir, store) = store().await;
        let keys = LoginKeys::new("a@example.com", "1.2.3.4");
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            keys.begin_attempt(&store, NOW).await.unwrap().unwrap();
        }
        let later = NOW + 10 * 60 * 1000;
        let wait = keys
            .begin_attempt(&store, later)
            .await
            .unwrap()
            .unwrap_err();
        assert_eq!(wait, Duration::from_secs(5 * 60));
        let after_window = NOW + WINDOW.as_millis() as i64;
        assert!(keys
            .begin_attempt(&store, after_window)
            .await
            .unwrap()
            .is_ok());
    }

    #[tokio::test]
    async fn one_address_spraying_many_emails_is_refused() {
        let (_dir, store) = store().await;
        for i in 0..MAX_FAILURES_PER_ADDRESS {
            let email = format!("user{i}@example.com");
            assert!(attempt(&store, &email, "9.9.9.9").await.is_ok());
        }
        assert!(attempt(&store, "owner@example.com", "9.9.9.9")
            .await
            .is_err());
        assert!(attempt(&store, "owner@example.com", "8.8.8.8")
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn an_email_under_attack_from_everywhere_only_slows_its_wrong_passwords() {
        let (_dir, store) = store().await;
        for i in 0..EMAIL_SLOWDOWN_AFTER {
            let address = format!("10.0.0.{i}");
            let attempt = attempt(&store, "owner@example.com", &address)
                .await
                .unwrap();
            assert_eq!(attempt.slow_failure, None);
        }
        // Any number more: never refused, only slowed should they be wrong.
        for i in 0..50 {
            let address = format!("10.0.1.{i}");
            let attempt = attempt(&store, "owner@example.com", &address)
                .await
                .expect("an email alone is never locked");
            assert_eq!(attempt.slow_failure, Some(EMAIL_SLOWDOWN));
        }
    }

    #[tokio::test]
    async fn success_clears_the_client_and_returns_the_attempt_counted_in_advance() {
        let (_dir, store) = store().await;
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(attempt(&store, "me@example.com", "9.9.9.9").await.is_ok());
        }
        let keys = LoginKeys::new("me@example.com", "9.9.9.9");
        let succeeded = keys.clone();
        store
            .write(move |tx| Box::pin(async move { succeeded.succeeded(tx).await }))
            .await
            .unwrap();
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(attempt(&store, "me@example.com", "9.9.9.9").await.is_ok());
        }
        assert!(attempt(&store, "me@example.com", "9.9.9.9").await.is_err());
    }

    #[tokio::test]
    async fn the_failures_outlive_the_process() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.db");
        let first = Store::open_sqlite(&path).await.unwrap();
        first.migrate().await.unwrap();
        for _ in 0..MAX_FAILURES_PER_EMAIL_AND_ADDRESS {
            assert!(attempt(&first, "a@example.com", "1.2.3.4").await.is_ok());
        }
        first.close().await;
        // Another instance (or the same one restarted) counts the same guesses.
        let second = Store::open_sqlite(&path).await.unwrap();
        second.migrate().await.unwrap();
        assert!(attempt(&second, "a@example.com", "1.2.3.4").await.is_err());
        second.close().await;
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
