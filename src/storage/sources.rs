//! CloseBot sources this installation created (their callback is ours).

use super::{Store, StoreResult, Tx};

impl Store {
    /// The ids of the sources we created, oldest first.
    pub async fn created_sources(&self) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT source_id FROM closebot_sources ORDER BY created_at, source_id",
        )
        .fetch_all(&self.reader)
        .await?)
    }
}

impl Tx {
    pub async fn record_created_source(
        &mut self,
        source_id: &str,
        name: &str,
        bot_id: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO closebot_sources (source_id, name, bot_id, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (source_id) DO NOTHING",
        )
        .bind(source_id)
        .bind(name)
        .bind(bot_id)
        .bind(now_ms)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// The sources we created, read inside a write (to queue their re-pointing).
    pub async fn created_source_ids(&mut self) -> StoreResult<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT source_id FROM closebot_sources ORDER BY created_at")
                .fetch_all(self.conn())
                .await?,
        )
    }
}
