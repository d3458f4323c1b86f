//! Authentic webhook requests that could not be understood, kept for the operator.

use super::{StoreResult, Tx};

impl Tx {
    pub async fn keep_rejected_webhook(
        &mut self,
        endpoint: &str,
        reason: &str,
        body: &str,
        now_ms: i64,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO webhook_rejections (endpoint, reason, body, created_at) VALUES (?, ?, ?, ?) RETURNING id",
        )
        .bind(endpoint)
        .bind(reason)
        .bind(body)
        .bind(now_ms)
        .fetch_one(self.conn())
        .await?)
    }
}
