//! Alert items waiting for their channel's next batch, and the watcher's
//! place in the event log.

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

/// The settings key holding the id of the last event the alert watcher read.
pub const ALERT_CURSOR: &str = "alerts.last_event_id";

pub struct NewAlertItem {
    pub channel: &'static str,
    pub kind: &'static str,
    pub contact_id: String,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct AlertItem {
    pub id: i64,
    pub kind: String,
    pub summary: String,
}

impl Store {
    /// The oldest items waiting for `channel`, up to `limit`.
    pub async fn pending_alerts(&self, channel: &str, limit: i64) -> StoreResult<Vec<AlertItem>> {
        let rows: Vec<(i64, String, String)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT id, kind, summary FROM alert_items WHERE channel = $1 ORDER BY id LIMIT $2",
        )
        .bind(channel)
        .bind(limit)
        .fetch_all(db)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, summary)| AlertItem { id, kind, summary })
            .collect())
    }

    pub async fn alert_cursor(&self) -> StoreResult<Option<i64>> {
        Ok(self
            .setting(ALERT_CURSOR)
            .await?
            .and_then(|v| v.parse().ok()))
    }
}

impl Tx {
    pub async fn insert_alert_items(
        &mut self,
        items: &[NewAlertItem],
        now_ms: i64,
    ) -> StoreResult<()> {
        for item in items {
            on_tx!(&mut self.inner, |db| {
                sqlx::query(
                    "INSERT INTO alert_items (channel, kind, contact_id, summary, created_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(item.channel)
                .bind(item.kind)
                .bind(&item.contact_id)
                .bind(&item.summary)
                .bind(now_ms)
                .execute(db)
                .await
                .map(Done::from)
            })?;
        }
        Ok(())
    }

    pub async fn set_alert_cursor(&mut self, last_event_id: i64, now_ms: i64) -> StoreResult<()> {
        self.put_setting(ALERT_CURSOR, &last_event_id.to_string(), false, now_ms)
            .await
    }

    /// Moves the cursor from `from` to `to`; false when it is no longer at
    /// `from` (another instance took those events already).
    pub async fn advance_alert_cursor(
        &mut self,
        from: i64,
        to: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let moved = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE settings SET value = $1, updated_at = $2 WHERE key = $3 AND value = $4"
        )
        .bind(to.to_string())
        .bind(now_ms)
        .bind(ALERT_CURSOR)
        .bind(from.to_string())
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(moved.rows_affected() > 0)
    }

    /// The batch up to `up_to_id` went out (or was given up): its items go.
    /// Returns how many items of the channel are left for a next batch.
    pub async fn finish_alert_batch(&mut self, channel: &str, up_to_id: i64) -> StoreResult<i64> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM alert_items WHERE channel = $1 AND id <= $2"
        )
        .bind(channel)
        .bind(up_to_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM alert_items WHERE channel = $1"
        )
        .bind(channel)
        .fetch_one(db)
        .await)?)
    }
}
