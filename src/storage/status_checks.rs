//! Sent messages waiting for a status lookup at Twilio: those without a
//! final status have a `next_status_check_at`, in a partial index that only
//! messages in flight occupy.

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

/// A sent message due for a lookup.
#[derive(Debug, Clone)]
pub struct StatusCheck {
    pub message_id: i64,
    pub twilio_sid: String,
    /// Lookups made so far.
    pub checks: i64,
}

impl Store {
    /// Up to `limit` messages whose lookup is due at `now_ms`, oldest first:
    /// the sandbox's (`sandbox`) or the real ones, as each is looked up at
    /// its own Twilio.
    pub async fn due_status_checks(
        &self,
        now_ms: i64,
        limit: i64,
        sandbox: bool,
    ) -> StoreResult<Vec<StatusCheck>> {
        let rows: Vec<(i64, String, i64)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT id, twilio_sid, status_checks FROM messages
             WHERE next_status_check_at <= $1 AND twilio_sid IS NOT NULL AND sandbox = $2
             ORDER BY next_status_check_at LIMIT $3",
        )
        .bind(now_ms)
        .bind(sandbox)
        .bind(limit)
        .fetch_all(db)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(message_id, twilio_sid, checks)| StatusCheck {
                message_id,
                twilio_sid,
                checks,
            })
            .collect())
    }

    /// When the next lookup of a sandbox (or a real) message falls due, if any waits for one.
    pub async fn next_status_check(&self, sandbox: bool) -> StoreResult<Option<i64>> {
        Ok(on_engine!(&self.engine, |db| {
            sqlx::query_scalar(
                "SELECT MIN(next_status_check_at) FROM messages WHERE next_status_check_at IS NOT NULL AND sandbox = $1",
            )
            .bind(sandbox)
            .fetch_one(db)
            .await
        })?)
    }
}

impl Tx {
    /// Counts a lookup of the message; `next_at` `None` ends its lookups.
    pub async fn record_status_check(
        &mut self,
        message_id: i64,
        checks: i64,
        next_at: Option<i64>,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE messages SET status_checks = $1, next_status_check_at = $2 WHERE id = $3"
        )
        .bind(checks)
        .bind(next_at)
        .bind(message_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }
}
