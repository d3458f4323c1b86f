//! Authentic webhook requests that could not be understood, kept for the operator.

use super::engine::on_tx;
use super::{StoreResult, Tx};

impl Tx {
    pub async fn keep_rejected_webhook(
        &mut self,
        endpoint: &str,
        reason: &str,
        body: &str,
        now_ms: i64,
    ) -> StoreResult<i64> {
        Ok(on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "INSERT INTO webhook_rejections (endpoint, reason, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(endpoint)
            .bind(reason)
            .bind(super::engine::text(body))
            .bind(now_ms)
            .fetch_one(db)
            .await
        })?)
    }
}
