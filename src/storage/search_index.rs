//! Keeps the message search index current. Indexing each message inside its
//! webhook's commit made every commit write a fresh FTS segment; indexing
//! the new messages together a moment later costs a fraction (measured: ~10%
//! more webhooks per second) and search lags by at most `INTERVAL`.
//! SQLite only: Postgres's `tsvector` index follows every write, so the
//! indexer is not started there (`Store::migrate`).

use std::time::Duration;

use super::{Store, StoreError, StoreResult, Tx};

const INTERVAL: Duration = Duration::from_millis(250);
/// Messages indexed per write, so a large backlog never holds the writer long.
const BATCH: i64 = 5000;

pub(super) async fn run(store: Store) {
    loop {
        tokio::time::sleep(INTERVAL).await;
        loop {
            match store.write(|tx| Box::pin(index_next_batch(tx))).await {
                Ok((indexed, _)) if indexed == BATCH => continue,
                Ok(_) => break,
                Err(StoreError::WriterGone | StoreError::Unsupported(_)) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "search indexing failed; trying again shortly");
                    break;
                }
            }
        }
    }
}

/// Indexes up to `BATCH` messages not yet in the index; returns how many.
pub(super) async fn index_next_batch(tx: &mut Tx) -> StoreResult<i64> {
    // FTS5's `messages_fts` is SQLite's; Postgres indexes with tsvector (docs/postgres.md).
    let conn = tx.inner.sqlite("the message search index")?;
    let (from, upper, count): (i64, Option<i64>, i64) = sqlx::query_as(
        "SELECT s.indexed_up_to, MAX(m.id), COUNT(m.id) FROM search_index_state s
         LEFT JOIN (SELECT id FROM messages WHERE id > (SELECT indexed_up_to FROM search_index_state WHERE id = 1)
                    ORDER BY id LIMIT $1) m
         WHERE s.id = 1",
    )
    .bind(BATCH)
    .fetch_one(&mut *conn)
    .await?;
    let Some(upper) = upper else { return Ok(0) };
    sqlx::query(
        "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > $1 AND id <= $2;
         UPDATE search_index_state SET indexed_up_to = $2 WHERE id = 1",
    )
    .bind(from)
    .bind(upper)
    .execute(&mut *conn)
    .await?;
    Ok(count)
}

impl Store {
    /// Indexes everything stored so far (tests and tools that must search at
    /// once). Postgres's index is always current: nothing to do there.
    pub async fn index_pending_messages(&self) -> StoreResult<()> {
        if self.engine.kind() == super::engine::Kind::Postgres {
            return Ok(());
        }
        while self.write(|tx| Box::pin(index_next_batch(tx))).await?.0 == BATCH {}
        Ok(())
    }
}
