//! Claiming jobs with a lease, and taking them back when a run ends without
//! recording its outcome or its lease runs out.

use super::super::{StoreResult, Tx};
use super::{job_from_row, ClaimedJob, Job, JobRow, Provider};
use crate::storage::engine::{on_tx, Done, Kind, TxConn};

impl Tx {
    /// Takes up to `limit` due jobs of `provider` for running, each leased
    /// until `lease_until` (an attempt is counted now).
    pub async fn claim_jobs(
        &mut self,
        provider: Provider,
        now_ms: i64,
        limit: i64,
        lease_until: i64,
    ) -> StoreResult<Vec<ClaimedJob>> {
        // Postgres: rows another transaction is claiming are skipped, not
        // waited for (the group-commit lock already keeps instances' claims
        // apart; this keeps a claim correct without it).
        let skip_locked = match self.inner.kind() {
            Kind::Sqlite => "",
            Kind::Postgres => " FOR UPDATE SKIP LOCKED",
        };
        let sql = format!(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = $1, lease_until = $4
             WHERE id IN (SELECT id FROM jobs WHERE provider = $2 AND state = 'ready' AND run_at <= $1
                          ORDER BY run_at, id LIMIT $3{skip_locked})
             RETURNING id, kind, lane, payload, message_id, route_id, attempts, request_id, sandbox, in_doubt_since"
        );
        let rows: Vec<JobRow> = on_tx!(&mut self.inner, |db| {
            sqlx::query_as(&sql)
                .bind(now_ms)
                .bind(provider.as_str())
                .bind(limit)
                .bind(lease_until)
                .fetch_all(db)
                .await
        })?;
        let mut jobs: Vec<ClaimedJob> = rows.into_iter().map(job_from_row).collect();
        jobs.sort_by_key(|(job, _)| job.id);
        Ok(jobs)
    }

    /// After a restart, jobs that were running belong to nobody: run them again.
    /// Not on Postgres, where other instances' running jobs are theirs: a
    /// dead instance's jobs come back when their leases run out.
    pub async fn requeue_abandoned_jobs(&mut self, now_ms: i64) -> StoreResult<u64> {
        if matches!(self.inner, TxConn::Postgres(_)) {
            return Ok(0);
        }
        let done = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET state = 'ready', lease_until = NULL, updated_at = $1,
                   in_doubt_since = COALESCE(in_doubt_since, $1) WHERE state = 'running'",
            )
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(done.rows_affected())
    }

    /// A run ended without recording its outcome (its write failed, it
    /// panicked, or it outlived its lease): the job goes back to the head of
    /// its lane, to run again at `run_at`, with the reason kept. The attempt
    /// stays counted. False when the job is no longer running.
    pub async fn release_job(
        &mut self,
        job: &Job,
        run_at: i64,
        reason: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let released = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET state = 'ready', run_at = $1, last_error = $2, lease_until = NULL, updated_at = $3,
                   in_doubt_since = COALESCE(in_doubt_since, $3)
                 WHERE id = $4 AND state = 'running'",
            )
            .bind(run_at)
            .bind(reason)
            .bind(now_ms)
            .bind(job.id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(released.rows_affected() > 0)
    }

    /// Puts running jobs whose lease ran out back in their lanes, to run now.
    pub async fn reap_expired_leases(
        &mut self,
        ids: &[i64],
        reason: &str,
        now_ms: i64,
    ) -> StoreResult<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let done = on_tx!(&mut self.inner, |db| {
            let mut update = sqlx::QueryBuilder::new(
                "UPDATE jobs SET state = 'ready', lease_until = NULL, run_at = ",
            );
            update
                .push_bind(now_ms)
                .push(", updated_at = ")
                .push_bind(now_ms)
                .push(", last_error = ")
                .push_bind(reason)
                .push(", in_doubt_since = COALESCE(in_doubt_since, ")
                .push_bind(now_ms)
                .push(")")
                .push(" WHERE state = 'running' AND lease_until <= ")
                .push_bind(now_ms)
                .push(" AND id IN (");
            let mut list = update.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            update.push(")");
            update.build().execute(db).await.map(Done::from)
        })?;
        Ok(done.rows_affected())
    }

    /// Runs the job again at `run_at` with a new payload, without counting an
    /// attempt (a status check that found the message still in flight).
    pub async fn reschedule_job(
        &mut self,
        job: &Job,
        run_at: i64,
        payload: &serde_json::Value,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE jobs SET state = 'ready', run_at = $1, payload = $2, attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END,
                 last_error = NULL, lease_until = NULL, updated_at = $3 WHERE id = $4",
            )
            .bind(run_at)
            .bind(payload.to_string())
            .bind(now_ms)
            .bind(job.id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }
}
