//! Builds the activity rows (contacts in conversation, response times) of
//! the messages stored before they were kept, a chunk per write, resuming
//! where it stopped after a restart. Messages stored since are counted live.

use std::collections::HashMap;

use super::engine::{on_engine, on_tx, Done};

use super::activity_sets::ActivitySets;
use super::{Store, StoreResult};
use crate::domain::analytics::period::QUARTER_MS;

/// A message as the backfill reads it: id, contact, route, direction,
/// source, Twilio status, forward state, created at.
type BackfillRow = (i64, String, String, String, String, String, String, i64);

/// How far the backfill is: `None` once it has finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BackfillProgress {
    pub done: i64,
    pub total: i64,
}

/// What one chunk carries to the next: customers still waiting for the bot.
#[derive(Debug, Default)]
pub struct BackfillCursor {
    waiting_since: HashMap<String, i64>,
}

impl Store {
    pub async fn analytics_backfill_progress(&self) -> StoreResult<Option<BackfillProgress>> {
        let row: Option<(i64, i64, Option<i64>)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT done, total, finished_at FROM analytics_backfill WHERE id = 1"
        )
        .fetch_optional(db)
        .await)?;
        Ok(match row {
            Some((done, total, None)) => Some(BackfillProgress { done, total }),
            _ => None,
        })
    }

    /// Backfills the next `limit` messages; the progress after it (`None`: finished).
    pub async fn backfill_analytics_chunk(
        &self,
        cursor: BackfillCursor,
        limit: i64,
        now_ms: i64,
    ) -> StoreResult<(BackfillCursor, Option<BackfillProgress>)> {
        self.write(move |tx| {
            Box::pin(async move {
                let mut cursor = cursor;
                let state: Option<(i64, i64)> = on_tx!(&mut tx.inner, |db| sqlx::query_as(
                    "SELECT done_up_to_id, up_to_id FROM analytics_backfill WHERE id = 1 AND finished_at IS NULL",
                )
                .fetch_optional(db)
                .await)?;
                let Some((after, up_to)) = state else {
                    return Ok((cursor, None));
                };
                let rows: Vec<BackfillRow> = on_tx!(&mut tx.inner, |db| sqlx::query_as(
                    "SELECT id, contact_id, COALESCE(route_id, '') AS route_id, direction, source,
                            COALESCE(twilio_status, '') AS status, COALESCE(forward_state, '') AS forward_state, created_at
                     FROM messages WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3",
                )
                .bind(after)
                .bind(up_to)
                .bind(limit)
                .fetch_all(db)
                .await)?;
                let mut sets = ActivitySets::default();
                let mut responses: HashMap<(i64, String), (i64, i64)> = HashMap::new();
                let mut last = after;
                for (id, contact, route, direction, source, status, forward_state, at) in &rows {
                    last = *id;
                    let at = *at;
                    let quarter = at - at.rem_euclid(QUARTER_MS);
                    let wait = cursor.step(contact, direction, source, status, forward_state, at);
                    if let Some(wait) = wait {
                        let sum = responses.entry((quarter, route.clone())).or_default();
                        sum.0 += 1;
                        sum.1 += wait;
                    }
                    sets.record(quarter, route, contact, wait);
                }
                sets.flush(&mut tx.inner).await?;
                for ((quarter, route), (n, total_ms)) in responses {
                    on_tx!(&mut tx.inner, |db| sqlx::query(
                        "UPDATE message_counts_quarter SET responses = responses + $1, response_ms = response_ms + $2
                         WHERE bucket_start = $3 AND route_id = $4",
                    )
                    .bind(n)
                    .bind(total_ms)
                    .bind(quarter)
                    .bind(&route)
                    .execute(db)
                    .await.map(Done::from))?;
                }
                let finished = rows.len() < limit as usize || last >= up_to;
                let progress: (i64, i64) = on_tx!(&mut tx.inner, |db| sqlx::query_as(
                    "UPDATE analytics_backfill SET done_up_to_id = $1, done = done + $2,
                       finished_at = CASE WHEN $3 THEN $4 END
                     WHERE id = 1 RETURNING done, total",
                )
                .bind(last)
                .bind(rows.len() as i64)
                .bind(finished)
                .bind(now_ms)
                .fetch_one(db)
                .await)?;
                let progress = (!finished).then_some(BackfillProgress { done: progress.0, total: progress.1 });
                Ok((cursor, progress))
            })
        })
        .await
        .map(|(result, _)| result)
    }
}

impl BackfillCursor {
    /// The same rule as a live insert (`Tx::track_waiting`), over stored rows.
    fn step(
        &mut self,
        contact: &str,
        direction: &str,
        source: &str,
        status: &str,
        forward_state: &str,
        at: i64,
    ) -> Option<i64> {
        match (direction, source) {
            ("inbound", "customer")
                if matches!(forward_state, "queued" | "held" | "forwarded" | "failed") =>
            {
                self.waiting_since.entry(contact.to_owned()).or_insert(at);
                None
            }
            ("outbound", "bot") if status != "canceled" => self
                .waiting_since
                .remove(contact)
                .map(|since| (at - since).max(0)),
            ("outbound", "manual") => {
                self.waiting_since.remove(contact);
                None
            }
            _ => None,
        }
    }
}
