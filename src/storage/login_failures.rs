//! Failed sign-ins by key (address, email, or both), for the login limiter.
//! Written in the limiter's own write operation, so counting and adding one
//! attempt cannot interleave with a parallel attempt's.

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

/// The three keys of one attempt (address, email and address, email).
pub type AttemptKeys = [String; 3];

const COUNT: &str = "SELECT key, COUNT(*) AS failures, MIN(at) AS oldest_at FROM login_failures
     WHERE key IN ($1, $2, $3) AND at >= $4 GROUP BY key";

/// The same counting query on either engine's connection or pool.
macro_rules! count_failures {
    ($db:expr, $keys:expr, $since_ms:expr) => {
        sqlx::query_as::<_, FailureCount>(COUNT)
            .bind(&$keys[0])
            .bind(&$keys[1])
            .bind(&$keys[2])
            .bind($since_ms)
            .fetch_all($db)
            .await
    };
}

/// Failures of one key inside the window: how many, and the oldest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct FailureCount {
    pub key: String,
    pub failures: i64,
    pub oldest_at: i64,
}

impl Store {
    /// As [`Tx::login_failures`], from a reader: a flood of refused attempts
    /// is answered without queueing a write for each.
    pub async fn login_failures(
        &self,
        keys: &AttemptKeys,
        since_ms: i64,
    ) -> StoreResult<Vec<FailureCount>> {
        Ok(on_engine!(&self.engine, |db| count_failures!(
            db, keys, since_ms
        ))?)
    }
}

impl Tx {
    /// Forgets failures older than `before_ms` (outside every window).
    pub async fn prune_login_failures(&mut self, before_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM login_failures WHERE at < $1"
        )
        .bind(before_ms)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Each key's failures since `since_ms` (keys without any are left out).
    pub async fn login_failures(
        &mut self,
        keys: &AttemptKeys,
        since_ms: i64,
    ) -> StoreResult<Vec<FailureCount>> {
        Ok(on_tx!(&mut self.inner, |db| count_failures!(
            db, keys, since_ms
        ))?)
    }

    pub async fn add_login_failures(&mut self, keys: &[String], at_ms: i64) -> StoreResult<()> {
        for key in keys {
            on_tx!(&mut self.inner, |db| sqlx::query(
                "INSERT INTO login_failures (key, at) VALUES ($1, $2)"
            )
            .bind(key)
            .bind(at_ms)
            .execute(db)
            .await
            .map(Done::from))?;
        }
        Ok(())
    }

    /// Forgets every failure of `key`.
    pub async fn clear_login_failures(&mut self, key: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM login_failures WHERE key = $1"
        )
        .bind(key)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Takes back the latest failure of `key` (an attempt counted in advance
    /// that turned out right).
    pub async fn take_back_login_failure(&mut self, key: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM login_failures WHERE id IN
               (SELECT id FROM login_failures WHERE key = $1 ORDER BY at DESC, id DESC LIMIT 1)",
        )
        .bind(key)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }
}
