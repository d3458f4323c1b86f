//! The durable outbox: every call to Twilio or CloseBot is a row here,
//! written in the same transaction as the message it belongs to.
//!
//! Ordering: jobs share a lane (provider + contact; bot switches have their
//! own). Only the lane's oldest
//! unfinished job is `ready`; the others are `waiting` and are promoted one by
//! one as their predecessor finishes, so one contact's texts go out in order
//! while other contacts' texts are not held up. A job that backs off keeps its
//! lane's head with a future `run_at`; waiting rows cost nothing.

use serde::Serialize;
use utoipa::ToSchema;

use super::{Store, StoreResult, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Twilio,
    Closebot,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Closebot => "closebot",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Hand an inbound text to the route's CloseBot source.
    ForwardToBot,
    /// Send an outbound message through Twilio.
    SendSms,
    /// Switch CloseBot's bot on or off for one lead (human takeover / resume).
    SetBotEnabled,
    /// Ask Twilio for a sent message's status when no final callback came.
    CheckStatus,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForwardToBot => "forward_to_bot",
            Self::SendSms => "send_sms",
            Self::SetBotEnabled => "set_bot_enabled",
            Self::CheckStatus => "check_status",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "forward_to_bot" => Some(Self::ForwardToBot),
            "send_sms" => Some(Self::SendSms),
            "set_bot_enabled" => Some(Self::SetBotEnabled),
            "check_status" => Some(Self::CheckStatus),
            _ => None,
        }
    }

    pub fn provider(self) -> Provider {
        match self {
            Self::SendSms | Self::CheckStatus => Provider::Twilio,
            Self::ForwardToBot | Self::SetBotEnabled => Provider::Closebot,
        }
    }
}

pub struct NewJob<'a> {
    pub kind: JobKind,
    pub contact_id: &'a str,
    pub message_id: Option<i64>,
    pub route_id: Option<&'a str>,
    pub payload: serde_json::Value,
    /// Not before this instant (business hours hold forwards until opening).
    pub run_at: i64,
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: JobKind,
    pub lane: String,
    pub payload: serde_json::Value,
    pub message_id: Option<i64>,
    pub route_id: Option<String>,
    /// Attempts so far, including the one just claimed.
    pub attempts: i64,
}

/// A job taken by a worker; `None` kind means a row this version cannot run.
pub type ClaimedJob = (Job, Option<String>);

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FailedJob {
    pub id: i64,
    pub kind: String,
    pub provider: String,
    pub contact_id: Option<String>,
    #[schema(value_type = Option<String>)]
    #[serde(serialize_with = "serialize_opt_id")]
    pub message_id: Option<i64>,
    pub attempts: i64,
    pub last_error: Option<String>,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub failed_at: i64,
}

fn serialize_opt_id<S: serde::Serializer>(
    id: &Option<i64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match id {
        Some(id) => serializer.collect_str(id),
        None => serializer.serialize_none(),
    }
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    pub ready: i64,
    pub waiting: i64,
    pub running: i64,
    pub failed: i64,
    /// Ready jobs whose time has not come (backing off, or held for business hours).
    pub delayed: i64,
}

#[derive(sqlx::FromRow)]
struct FailedRow {
    id: i64,
    kind: String,
    provider: String,
    lane: String,
    message_id: Option<i64>,
    attempts: i64,
    last_error: Option<String>,
    updated_at: i64,
}

/// Texts keep their order per provider and contact. Switching the bot off or
/// on has a lane of its own: a takeover must reach CloseBot at once, not wait
/// behind a text held for business hours or backing off; toggles still keep
/// their own order (off, then on). A status check only concerns its message,
/// so each has a lane to itself and never holds up a send.
fn lane(kind: JobKind, contact_id: &str, message_id: Option<i64>) -> String {
    match (kind, message_id) {
        (JobKind::SetBotEnabled, _) => format!("closebot-toggle:{contact_id}"),
        (JobKind::CheckStatus, Some(message)) => format!("twilio-status:{contact_id}/{message}"),
        _ => format!("{}:{contact_id}", kind.provider().as_str()),
    }
}

/// The contact a lane belongs to.
pub fn lane_contact(lane: &str) -> Option<&str> {
    let (_, rest) = lane.split_once(':')?;
    Some(rest.split_once('/').map_or(rest, |(contact, _)| contact))
}

type JobRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    i64,
);

fn job_from_row((id, kind, lane, payload, message_id, route_id, attempts): JobRow) -> ClaimedJob {
    let parsed = JobKind::parse(&kind);
    let job = Job {
        id,
        kind: parsed.unwrap_or(JobKind::SendSms),
        lane,
        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        message_id,
        route_id,
        attempts,
    };
    (job, parsed.is_none().then_some(kind))
}

impl Store {
    /// When the next `provider` job falls due, if any is ready.
    pub async fn next_due(&self, provider: Provider) -> StoreResult<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(run_at) FROM jobs WHERE provider = ? AND state = 'ready'",
        )
        .bind(provider.as_str())
        .fetch_one(&self.reader)
        .await?)
    }

    /// When the oldest job that is due (ready, its time come) fell due: a
    /// queue that works keeps this recent; a stuck one lets it age.
    pub async fn oldest_due_job(&self, now_ms: i64) -> StoreResult<Option<i64>> {
        let mut oldest: Option<i64> = None;
        for provider in [Provider::Twilio, Provider::Closebot] {
            let due: Option<i64> = sqlx::query_scalar(
                "SELECT MIN(run_at) FROM jobs WHERE provider = ? AND state = 'ready' AND run_at <= ?",
            )
            .bind(provider.as_str())
            .bind(now_ms)
            .fetch_one(&self.reader)
            .await?;
            oldest = match (oldest, due) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        Ok(oldest)
    }

    /// Running `provider` jobs whose lease has run out.
    pub async fn expired_leases(&self, provider: Provider, now_ms: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM jobs WHERE provider = ? AND state = 'running' AND lease_until <= ? ORDER BY id",
        )
        .bind(provider.as_str())
        .bind(now_ms)
        .fetch_all(&self.reader)
        .await?)
    }

    pub async fn queue_stats(&self, now_ms: i64) -> StoreResult<QueueStats> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT state, COUNT(*), SUM(CASE WHEN run_at > ? THEN 1 ELSE 0 END) FROM jobs GROUP BY state",
        )
        .bind(now_ms)
        .fetch_all(&self.reader)
        .await?;
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

    pub async fn failed_jobs(&self, limit: i64, offset: i64) -> StoreResult<(Vec<FailedJob>, i64)> {
        let rows: Vec<FailedRow> = sqlx::query_as(
            "SELECT id, kind, provider, lane, message_id, attempts, last_error, updated_at FROM jobs
             WHERE state = 'failed' ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?",
        )
        .bind(limit)
        .bind(offset)
        .fetch_all(&self.reader)
        .await?;
        let total = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE state = 'failed'")
            .fetch_one(&self.reader)
            .await?;
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
        let rows: Vec<JobRow> = sqlx::query_as(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, updated_at = ?1, lease_until = ?4
             WHERE id IN (SELECT id FROM jobs WHERE provider = ?2 AND state = 'ready' AND run_at <= ?1
                          ORDER BY run_at, id LIMIT ?3)
             RETURNING id, kind, lane, payload, message_id, route_id, attempts",
        )
        .bind(now_ms)
        .bind(provider.as_str())
        .bind(limit)
        .bind(lease_until)
        .fetch_all(self.conn())
        .await?;
        let mut jobs: Vec<ClaimedJob> = rows.into_iter().map(job_from_row).collect();
        jobs.sort_by_key(|(job, _)| job.id);
        Ok(jobs)
    }

    /// After a restart, jobs that were running belong to nobody: run them again.
    pub async fn requeue_abandoned_jobs(&mut self, now_ms: i64) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE jobs SET state = 'ready', lease_until = NULL, updated_at = ? WHERE state = 'running'",
        )
        .bind(now_ms)
        .execute(self.conn())
        .await?;
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
        let released = sqlx::query(
            "UPDATE jobs SET state = 'ready', run_at = ?, last_error = ?, lease_until = NULL, updated_at = ?
             WHERE id = ? AND state = 'running'",
        )
        .bind(run_at)
        .bind(reason)
        .bind(now_ms)
        .bind(job.id)
        .execute(self.conn())
        .await?;
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
        let mut update = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "UPDATE jobs SET state = 'ready', lease_until = NULL, run_at = ",
        );
        update
            .push_bind(now_ms)
            .push(", updated_at = ")
            .push_bind(now_ms)
            .push(", last_error = ")
            .push_bind(reason)
            .push(" WHERE state = 'running' AND lease_until <= ")
            .push_bind(now_ms)
            .push(" AND id IN (");
        let mut list = update.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        update.push(")");
        Ok(update.build().execute(self.conn()).await?.rows_affected())
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
        sqlx::query(
            "UPDATE jobs SET state = 'ready', run_at = ?, payload = ?, attempts = MAX(attempts - 1, 0),
             last_error = NULL, lease_until = NULL, updated_at = ? WHERE id = ?",
        )
        .bind(run_at)
        .bind(payload.to_string())
        .bind(now_ms)
        .bind(job.id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn enqueue(&mut self, job: NewJob<'_>, now_ms: i64) -> StoreResult<i64> {
        let lane = lane(job.kind, job.contact_id, job.message_id);
        Ok(sqlx::query_scalar(
            "INSERT INTO jobs (kind, provider, lane, payload, message_id, route_id, state, attempts, run_at, created_at,
             updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6,
               CASE WHEN EXISTS (SELECT 1 FROM jobs WHERE lane = ?3 AND state IN ('waiting', 'ready', 'running'))
                    THEN 'waiting' ELSE 'ready' END,
               0, ?7, ?8, ?8)
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
        .fetch_one(self.conn())
        .await?)
    }

    /// The job succeeded (or needs nothing more): remove it, free its lane
    /// (a trigger promotes the lane's next job).
    pub async fn complete_job(&mut self, job: &Job, _now_ms: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM jobs WHERE id = ?")
            .bind(job.id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// The job will never succeed: keep it, visibly failed, and free its lane
    /// (a trigger promotes the lane's next job).
    pub async fn fail_job(&mut self, job: &Job, error: &str, now_ms: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE jobs SET state = 'failed', last_error = ?, updated_at = ? WHERE id = ?",
        )
        .bind(error)
        .bind(now_ms)
        .bind(job.id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Try again at `run_at`; the lane stays held so order is kept.
    pub async fn retry_job(
        &mut self,
        job: &Job,
        run_at: i64,
        error: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE jobs SET state = 'ready', run_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
            .bind(run_at)
            .bind(error)
            .bind(now_ms)
            .bind(job.id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Put a claimed job back untried (not counted as an attempt).
    pub async fn defer_job(&mut self, job: &Job, run_at: i64, now_ms: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE jobs SET state = 'ready', run_at = ?, attempts = MAX(attempts - 1, 0), last_error = NULL,
             updated_at = ? WHERE id = ?",
        )
        .bind(run_at)
        .bind(now_ms)
        .bind(job.id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Forwards held for a route's opening hours are re-evaluated now (after
    /// its hours or active flag changed).
    pub async fn wake_route_jobs(&mut self, route_id: &str, now_ms: i64) -> StoreResult<u64> {
        let woken = sqlx::query(
            "UPDATE jobs SET run_at = ?1, updated_at = ?1
             WHERE route_id = ?2 AND state = 'ready' AND kind = 'forward_to_bot' AND run_at > ?1",
        )
        .bind(now_ms)
        .bind(route_id)
        .execute(self.conn())
        .await?;
        Ok(woken.rows_affected())
    }

    /// A provider is back: jobs waiting out a backoff after failures run now.
    /// (Forwards held for business hours never failed, so they stay held.)
    pub async fn hurry_backed_off_jobs(
        &mut self,
        provider: Provider,
        now_ms: i64,
    ) -> StoreResult<u64> {
        let hurried = sqlx::query(
            "UPDATE jobs SET run_at = ?1, updated_at = ?1
             WHERE provider = ?2 AND state = 'ready' AND run_at > ?1 AND last_error IS NOT NULL",
        )
        .bind(now_ms)
        .bind(provider.as_str())
        .execute(self.conn())
        .await?;
        Ok(hurried.rows_affected())
    }

    /// Gives a failed job another round of attempts.
    pub async fn retry_failed_job(&mut self, id: i64, now_ms: i64) -> StoreResult<bool> {
        let revived = sqlx::query(
            "UPDATE jobs SET attempts = 0, run_at = ?1, updated_at = ?1, last_error = NULL,
               state = CASE WHEN EXISTS (SELECT 1 FROM jobs j WHERE j.lane = jobs.lane AND j.id <> jobs.id
                                         AND j.state IN ('waiting', 'ready', 'running'))
                            THEN 'waiting' ELSE 'ready' END
             WHERE id = ?2 AND state = 'failed'",
        )
        .bind(now_ms)
        .bind(id)
        .execute(self.conn())
        .await?;
        if revived.rows_affected() == 0 {
            return Ok(false);
        }
        // What the job was for is pending again, not failed.
        sqlx::query(
            "UPDATE messages SET
               twilio_status = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN 'queued' ELSE twilio_status END,
               error_code = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE error_code END,
               error_message = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE error_message END,
               send_started_at = CASE WHEN direction = 'outbound' AND twilio_sid IS NULL THEN NULL ELSE send_started_at END,
               forward_state = CASE WHEN direction = 'inbound' THEN 'queued' ELSE forward_state END,
               updated_at = ?1
             WHERE id = (SELECT message_id FROM jobs WHERE id = ?2)",
        )
        .bind(now_ms)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(true)
    }
}
