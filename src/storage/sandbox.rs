//! Sandbox mode's rows: the mode itself (a setting the marking triggers of
//! migration 0008 read), ending its work when it is left, and removing
//! everything it made.

use serde::Serialize;
use utoipa::ToSchema;

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};
use crate::storage::{Job, JobKind};

/// `'on'` or `'off'`; absent until sandbox mode is first chosen. The
/// triggers of migration 0008 read it by this name.
pub const SANDBOX_MODE: &str = "sandbox.mode";

const COUNTS: &str = "SELECT (SELECT COUNT(*) FROM routes WHERE sandbox = TRUE),
    (SELECT COUNT(*) FROM contacts WHERE sandbox = TRUE), (SELECT COUNT(*) FROM messages WHERE sandbox = TRUE),
    (SELECT COUNT(*) FROM jobs WHERE sandbox = TRUE)";

type Counts = (i64, i64, i64, i64);

/// Why a sandbox text was never sent.
const ENDED: &str = "Not sent: sandbox mode ended before it went out";

/// What sandbox mode left behind (or what a removal took away).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SandboxData {
    pub routes: i64,
    pub contacts: i64,
    pub messages: i64,
    /// Outbox jobs still waiting.
    pub jobs: i64,
}

impl From<Counts> for SandboxData {
    fn from((routes, contacts, messages, jobs): Counts) -> Self {
        Self {
            routes,
            contacts,
            messages,
            jobs,
        }
    }
}

impl Store {
    /// Whether sandbox mode was last switched on (`None`: never chosen).
    pub async fn sandbox_mode(&self) -> StoreResult<Option<bool>> {
        Ok(self.setting(SANDBOX_MODE).await?.map(|v| v == "on"))
    }

    pub async fn sandbox_data(&self) -> StoreResult<SandboxData> {
        let counts: Counts = on_engine!(&self.engine, |db| sqlx::query_as(COUNTS)
            .fetch_one(db)
            .await)?;
        Ok(counts.into())
    }
}

impl Tx {
    /// The route sandbox mode made (on the simulated number) is a sandbox one.
    pub async fn mark_sandbox_route(&mut self, id: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE routes SET sandbox = TRUE WHERE id = $1"
        )
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        self.refresh_route(id).await.map(drop)
    }

    pub async fn set_sandbox_mode(&mut self, on: bool, now_ms: i64) -> StoreResult<()> {
        self.put_setting(SANDBOX_MODE, if on { "on" } else { "off" }, false, now_ms)
            .await
    }

    /// Sandbox mode ended: its waiting work goes (texts not yet sent are
    /// canceled, never sent anywhere), its sent texts are no longer looked
    /// up, and alerts about its contacts are not sent. Returns the jobs ended.
    pub async fn end_sandbox_work(&mut self, now_ms: i64) -> StoreResult<u64> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE messages SET twilio_status = 'canceled', error_message = $1, updated_at = $2
                 WHERE id IN (SELECT message_id FROM jobs WHERE sandbox = TRUE AND kind = 'send_sms')
                   AND twilio_sid IS NULL
                   AND (twilio_status IS NULL OR twilio_status IN ('queued', 'accepted', 'scheduled', 'sending'))",
            )
            .bind(ENDED)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE messages SET next_status_check_at = NULL
             WHERE sandbox = TRUE AND next_status_check_at IS NOT NULL",
        )
        .execute(db)
        .await
        .map(Done::from))?;
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "DELETE FROM alert_items WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE)",
            )
            .execute(db)
            .await
            .map(Done::from)
        })?;
        let ended = on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM jobs WHERE sandbox = TRUE"
        )
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(ended.rows_affected())
    }

    /// One sandbox job found after sandbox mode ended: it goes, and a text
    /// it would have sent is canceled.
    pub async fn end_sandbox_job(&mut self, job: &Job, now_ms: i64) -> StoreResult<()> {
        if let Some(message_id) = job.message_id.filter(|_| job.kind == JobKind::SendSms) {
            self.finish_unsent(message_id, "canceled", None, ENDED, now_ms)
                .await?;
        }
        self.complete_job(job, now_ms).await
    }

    /// Deletes every row sandbox mode made, and takes its messages out of
    /// the dashboard's and the analytics' counts.
    pub async fn remove_sandbox_data(&mut self) -> StoreResult<SandboxData> {
        let data = self.sandbox_data_in_tx().await?;
        // The hourly totals are shared with real traffic: subtract what the
        // sandbox's messages added (at most down to zero).
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE message_counts_hourly SET
                     inbound = CASE WHEN inbound > s.n_in THEN inbound - s.n_in ELSE 0 END,
                     outbound = CASE WHEN outbound > s.n_out THEN outbound - s.n_out ELSE 0 END,
                     bot_replies = CASE WHEN bot_replies > s.n_bot THEN bot_replies - s.n_bot ELSE 0 END,
                     manual = CASE WHEN manual > s.n_manual THEN manual - s.n_manual ELSE 0 END
                 FROM (SELECT created_at - created_at % 3600000 AS hour,
                              SUM(CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END) AS n_in,
                              SUM(CASE WHEN direction = 'outbound' THEN 1 ELSE 0 END) AS n_out,
                              SUM(CASE WHEN source = 'bot' AND COALESCE(twilio_status, '') <> 'canceled' THEN 1 ELSE 0 END)
                                  AS n_bot,
                              SUM(CASE WHEN source = 'manual' THEN 1 ELSE 0 END) AS n_manual
                       FROM messages WHERE sandbox = TRUE GROUP BY 1) AS s
                 WHERE message_counts_hourly.hour_start = s.hour",
            )
            .execute(db)
            .await
            .map(Done::from)
        })?;
        // Per-route figures are the sandbox routes' own.
        let sql = self.inner.kind().one_statement(
            "DELETE FROM message_counts_quarter WHERE route_id IN (SELECT id FROM routes WHERE sandbox = TRUE);
             DELETE FROM activity_quarters WHERE route_id IN (SELECT id FROM routes WHERE sandbox = TRUE);
             DELETE FROM csat_cursors WHERE name IN (SELECT 'quiet:' || id FROM routes WHERE sandbox = TRUE);
             DELETE FROM events WHERE route_id IN (SELECT id FROM routes WHERE sandbox = TRUE);",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql).execute(db).await.map(Done::from)
        })?;
        // What deleting one contact removes (contact_edits.rs), for all of them.
        let sql = self.inner.kind().one_statement(
            "DELETE FROM jobs WHERE sandbox = TRUE;
             DELETE FROM suppressions WHERE phone IN (SELECT phone FROM contacts WHERE sandbox = TRUE)
                 AND phone NOT IN (SELECT phone FROM contacts WHERE sandbox = FALSE);
             DELETE FROM events WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE);
             DELETE FROM alert_items WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE);
             DELETE FROM contact_status_changes WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE);
             DELETE FROM csat_surveys WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE);
             DELETE FROM csat_candidates WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE);
             DELETE FROM after_hours_notices WHERE contact_id IN (SELECT id FROM contacts WHERE sandbox = TRUE)
                 OR route_id IN (SELECT id FROM routes WHERE sandbox = TRUE);
             DELETE FROM messages WHERE sandbox = TRUE;
             DELETE FROM contacts WHERE sandbox = TRUE;",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql).execute(db).await.map(Done::from)
        })?;
        let routes: Vec<String> = on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT id FROM routes WHERE sandbox = TRUE"
        )
        .fetch_all(db)
        .await)?;
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM routes WHERE sandbox = TRUE"
        )
        .execute(db)
        .await
        .map(Done::from))?;
        for id in routes {
            // Reads the route back: gone, so it leaves the cache too.
            self.refresh_route(&id).await?;
        }
        Ok(data)
    }

    async fn sandbox_data_in_tx(&mut self) -> StoreResult<SandboxData> {
        let counts: Counts = on_tx!(&mut self.inner, |db| sqlx::query_as(COUNTS)
            .fetch_one(db)
            .await)?;
        Ok(counts.into())
    }
}
