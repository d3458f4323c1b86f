//! What the workers, the health check and the queue pages read of the outbox.

use super::super::{Store, StoreResult};
use super::{lane_contact, FailedJob, FailedRow, Provider, QueueDepth, QueueStats};
use crate::storage::engine::on_engine;

impl Store {
    /// When the next `provider` job falls due, if any is ready.
    pub async fn next_due(&self, provider: Provider) -> StoreResult<Option<i64>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT MIN(run_at) FROM jobs WHERE provider = $1 AND state = 'ready'",
        )
        .bind(provider.as_str())
        .fetch_one(db)
        .await)?)
    }

    /// When the oldest job that is due (ready, its time come) fell due: a
    /// queue that works keeps this recent; a stuck one lets it age.
    pub async fn oldest_due_job(&self, now_ms: i64) -> StoreResult<Option<i64>> {
        let mut oldest: Option<i64> = None;
        for provider in Provider::ALL {
            let due: Option<i64> = on_engine!(&self.engine, |db| {
                sqlx::query_scalar(
                    "SELECT MIN(run_at) FROM jobs WHERE provider = $1 AND state = 'ready' AND run_at <= $2",
                )
                .bind(provider.as_str())
                .bind(now_ms)
                .fetch_one(db)
                .await
            })?;
            oldest = match (oldest, due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(oldest)
    }

    /// Running `provider` jobs whose lease has run out.
    pub async fn expired_leases(&self, provider: Provider, now_ms: i64) -> StoreResult<Vec<i64>> {
        Ok(on_engine!(&self.engine, |db| {
            sqlx::query_scalar(
                "SELECT id FROM jobs WHERE provider = $1 AND state = 'running' AND lease_until <= $2 ORDER BY id",
            )
            .bind(provider.as_str())
            .bind(now_ms)
            .fetch_all(db)
            .await
        })?)
    }

    /// The work in the outbox (the standing sweeps not counted).
    pub async fn queue_stats(&self, now_ms: i64) -> StoreResult<QueueStats> {
        let rows: Vec<(String, i64, i64)> = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT state, COUNT(*), CAST(SUM(CASE WHEN run_at > $1 THEN 1 ELSE 0 END) AS BIGINT) FROM jobs
                 WHERE kind NOT IN ('check_status', 'survey_sweep') GROUP BY state",
            )
            .bind(now_ms)
            .fetch_all(db)
            .await
        })?;
        let mut stats = QueueStats::default();
        for (state, count, later) in rows {
            match state.as_str() {
                "ready" => {
                    stats.ready = count;
                    stats.delayed = later;
                }
                "waiting" => stats.waiting = count,
                "running" => stats.running = count,
                "failed" => stats.failed = count,
                _ => {}
            }
        }
        Ok(stats)
    }

    /// Jobs per kind and state with the oldest one's queueing time, the
    /// standing sweeps included (a stuck sweep is worth seeing). Reads the
    /// `jobs_kind_state` index only.
    pub async fn queue_depths(&self) -> StoreResult<Vec<QueueDepth>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT kind, state, COUNT(*) AS jobs, MIN(created_at) AS oldest_created_at FROM jobs
             GROUP BY kind, state ORDER BY kind, state",
        )
        .fetch_all(db)
        .await)?)
    }

    pub async fn failed_jobs(&self, limit: i64, offset: i64) -> StoreResult<(Vec<FailedJob>, i64)> {
        let rows: Vec<FailedRow> = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT id, kind, provider, lane, message_id, attempts, last_error, updated_at FROM jobs
                 WHERE state = 'failed' ORDER BY updated_at DESC, id DESC LIMIT $1 OFFSET $2",
            )
            .bind(limit)
            .bind(offset)
            .fetch_all(db)
            .await
        })?;
        let total = on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM jobs WHERE state = 'failed'"
        )
        .fetch_one(db)
        .await)?;
        let jobs = rows
            .into_iter()
            .map(|row| FailedJob {
                id: row.id,
                kind: row.kind,
                provider: row.provider,
                contact_id: lane_contact(&row.lane).map(str::to_owned),
                message_id: row.message_id,
                attempts: row.attempts,
                last_error: row.last_error,
                failed_at: row.updated_at,
            })
            .collect();
        Ok((jobs, total))
    }
}
