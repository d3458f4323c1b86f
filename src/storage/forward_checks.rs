//! What a forward's reconciliation (`queue::forward_check`) asks of our own
//! records: how many copies of a text we know CloseBot got from a contact.

use super::engine::on_engine;
use super::{Store, StoreResult};

impl Store {
    /// The contact's other inbound texts with this very body whose forward
    /// was recorded as done at `since_ms` or later (`updated_at` is never
    /// earlier than the forward, so this counts at least every copy CloseBot
    /// received since then).
    pub async fn forwarded_copies(
        &self,
        contact_id: &str,
        body: &str,
        since_ms: i64,
        except_message_id: i64,
    ) -> StoreResult<i64> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages
             WHERE contact_id = $1 AND direction = 'inbound' AND body = $2 AND id <> $3
               AND forward_state = 'forwarded' AND updated_at >= $4",
        )
        .bind(contact_id)
        .bind(super::engine::text(body))
        .bind(except_message_id)
        .bind(since_ms)
        .fetch_one(db)
        .await)?)
    }
}
