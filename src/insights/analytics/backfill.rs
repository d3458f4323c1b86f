//! Runs the analytics backfill in the background after an upgrade: a chunk
//! of messages per write, a short pause between chunks so webhooks keep
//! their latency, progress in the log (and on the Analytics page).

use std::time::Duration;

use crate::clock::Clock;
use crate::storage::{BackfillCursor, Store};

const CHUNK: i64 = 5_000;
const PAUSE: Duration = Duration::from_millis(20);
const RETRY_AFTER: Duration = Duration::from_secs(5);

pub async fn run(store: Store, clock: Clock) {
    let mut cursor = BackfillCursor::default();
    let mut logged_at = 0;
    loop {
        match store
            .backfill_analytics_chunk(cursor, CHUNK, clock.now_ms())
            .await
        {
            Ok((_, None)) => {
                if logged_at > 0 {
                    tracing::info!("analytics backfill finished");
                }
                return;
            }
            Ok((next, Some(progress))) => {
                cursor = next;
                // A line every ~5% (and the first), not every chunk.
                let step = (progress.total / 20).max(CHUNK);
                if progress.done - logged_at >= step || logged_at == 0 {
                    logged_at = progress.done.max(1);
                    tracing::info!(
                        done = progress.done,
                        total = progress.total,
                        "analytics backfill: {} of {} messages",
                        progress.done,
                        progress.total
                    );
                }
                tokio::time::sleep(PAUSE).await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "analytics backfill paused; trying again shortly");
                cursor = BackfillCursor::default();
                tokio::time::sleep(RETRY_AFTER).await;
            }
        }
    }
}
