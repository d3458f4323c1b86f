//! Liveness: a tiny write the health check sends through the writer, and
//! what the writer says about itself.

use std::time::Duration;

use super::engine::{on_tx, Done};
use super::{Store, StoreError, StoreResult, Tx};

impl Tx {
    /// Records that `name` was alive at `now_ms`.
    pub async fn beat(&mut self, name: &str, now_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO heartbeats (name, at) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET at = $2",
            )
            .bind(name)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }
}

impl Store {
    /// The writer thread is still taking operations.
    pub fn writer_alive(&self) -> bool {
        self.writer.is_alive()
    }

    /// How long ago the writer last committed.
    pub fn since_last_commit(&self) -> Duration {
        self.writer.since_last_commit()
    }

    /// A real write round trip through the writer (to disk), within `limit`.
    pub async fn probe_writer(&self, now_ms: i64, limit: Duration) -> StoreResult<()> {
        let write = self.write(move |tx| Box::pin(async move { tx.beat("writer", now_ms).await }));
        match tokio::time::timeout(limit, write).await {
            Ok(done) => done.map(|_| ()),
            Err(_) => Err(StoreError::Commit(format!(
                "the writer did not finish a write within {} ms",
                limit.as_millis()
            ))),
        }
    }
}
