//! CloseBot sources this installation created (their callback is ours).

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

impl Store {
    /// The ids of the sources we created, oldest first.
    pub async fn created_sources(&self) -> StoreResult<Vec<String>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT source_id FROM closebot_sources ORDER BY created_at, source_id",
        )
        .fetch_all(db)
        .await)?)
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
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO closebot_sources (source_id, name, bot_id, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (source_id) DO NOTHING",
            )
            .bind(source_id)
            .bind(name)
            .bind(bot_id)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }

    /// The sources we created, read inside a write (to queue their re-pointing).
    pub async fn created_source_ids(&mut self) -> StoreResult<Vec<String>> {
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT source_id FROM closebot_sources ORDER BY created_at"
        )
        .fetch_all(db)
        .await)?)
    }
}
