//! Enqueueing jobs and recording how their runs ended.

use super::super::{StoreResult, Tx};
use super::{lane, Job, JobKind, NewJob, Provider};
use crate::domain::request_id::RequestId;
use crate::storage::engine::{on_tx, Done};

impl Tx {
    /// Makes sure the standing job of `kind` (one lane, like the status
    /// sweep) exists, to run at `run_at`; false when it already did.
    pub async fn ensure_standing_job(
        &mut self,
        kind: JobKind,
        run_at: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let inserted = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO jobs (kind, provider, lane, payload, state, attempts, run_at, created_at, updated_at)
                 SELECT $1, $2, $3, '{}', 'ready', 0, $4, $5, $5
                 WHERE NOT EXISTS (SELECT 1 FROM jobs WHERE lane = $3 AND state IN ('waiting', 'ready', 'running'))",
            )
            .bind(kind.as_str())
            .bind(kind.provider().as_str())
            .bind(lane(kind, ""))
            .bind(run_at)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(inserted.rows_affected() > 0)
    }

    pub async fn enqueue(&mut self, job: NewJob<'_>, now_ms: i64) -> StoreResult<i64> {
        let lane = lane(job.kind, job.contact_id);
        Ok(on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "INSERT INTO jobs (kind, provider, lane, payload, message_id, route_id, state, attempts, run_at, created_at,
                 updated_at, request_id)
                 VALUES ($1, $2, $3, $4, $5, $6,
                   CASE WHEN EXISTS (SELECT 1 FROM jobs WHERE lane = $3 AND state IN ('waiting', 'ready', 'running'))
                        THEN 'waiting' ELSE 'ready' END,
                   0, $7, $8, $8, $9)
                 RETURNING id",
            )
            .bind(job.kind.as_str())
            .bind(job.kind.provider().as_str())
            .bind(&lane)
            .bind(job.payload.to_string())
            .bind(job.message_id)
            .bind(job.route_id)
            .bind(job.run_at)
            .bind(now_ms)
            .bind(job.request_id.map(RequestId::as_str))
            .fetch_one(db)
            .await
        })?)
    }

    /// The job succeeded (or needs nothing more): remove it, free its lane
    /// (a trigger promotes the lane's next job).
    pub async fn complete_job(&mut self, job: &Job, _now_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM jobs WHERE id = $1"
        )
        .bind(job.id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// The job will never succeed: keep it, visibly failed, and free its lane
    /// (a trigger promotes the lane's next job).
    pub async fn fail_job(&mut self, job: &Job, error: &str, now_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE jobs SET state = 'failed', last_error = $1, updated_at = $2 WHERE id = $3",
        )
        .bind(error)
        .bind(now_ms)
        .bind(job.id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Try again at `run_at`; the lane stays held so order is kept.
    /// `in_doubt`: the failed attempt may have reached the provider anyway.
    pub async fn retry_job(
        &mut self,
        job: &Job,
        run_at: i64,
        (error, in_doubt): (&str, bool),
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET state = 'ready', run_at = $1, last_error = $2, updated_at = $3,
                   in_doubt_since = CASE WHEN $5 THEN COALESCE(in_doubt_since, $3) ELSE in_doubt_since END
                 WHERE id = $4",
            )
                .bind(run_at)
                .bind(error)
                .bind(now_ms)
                .bind(job.id)
                .bind(in_doubt)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    /// Put a claimed job back untried (not counted as an attempt).
    pub async fn defer_job(&mut self, job: &Job, run_at: i64, now_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET state = 'ready', run_at = $1, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, last_error = NULL,
                 updated_at = $2 WHERE id = $3",
            )
            .bind(run_at)
            .bind(now_ms)
            .bind(job.id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }

    /// Forwards held for a route's opening hours are re-evaluated now (after
    /// its hours or active flag changed).
    pub async fn wake_route_jobs(&mut self, route_id: &str, now_ms: i64) -> StoreResult<u64> {
        let woken = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET run_at = $1, updated_at = $1
                 WHERE route_id = $2 AND state = 'ready' AND kind = 'forward_to_bot' AND run_at > created_at
                   AND run_at > $1",
            )
            .bind(now_ms)
            .bind(route_id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(woken.rows_affected())
    }

    /// A provider is back: jobs waiting out a backoff after failures run now.
    /// (Forwards held for business hours never failed, so they stay held.)
    pub async fn hurry_backed_off_jobs(
        &mut self,
        provider: Provider,
        now_ms: i64,
    ) -> StoreResult<u64> {
        let hurried = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE jobs SET run_at = $1, updated_at = $1
             WHERE provider = $2 AND state = 'ready' AND run_at > $1 AND last_error IS NOT NULL",
        )
        .bind(now_ms)
        .bind(provider.as_str())
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(hurried.rows_affected())
    }

    /// Gives a failed job another round of attempts.
    pub async fn retry_failed_job(&mut self, id: i64, now_ms: i64) -> StoreResult<bool> {
        let revived = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET attempts = 0, run_at = $1, updated_at = $1, last_error = NULL,
                   state = CASE WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.lane = jobs.lane AND j.id <> jobs.id
                                             AND j.state IN ('waiting', 'ready', 'running'))
                                THEN 'waiting' ELSE 'ready' END
                 WHERE id = $2 AND state = 'failed'",
            )
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        if revived.rows_affected() == 0 {
            return Ok(false);
        }
        // What the job was for is pending again, not failed.
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE messages SET
                   twilio_status = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN 'queued' ELSE twilio_status END,
                   error_code = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE error_code END,
                   error_message = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE error_message END,
                   send_started_at = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE send_started_at END,
                   forward_state = CASE WHEN direction = 'inbound' THEN 'queued' ELSE forward_state END,
                   updated_at = $1
                 WHERE id = (SELECT message_id FROM jobs WHERE id = $2)",
            )
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(true)
    }
}
