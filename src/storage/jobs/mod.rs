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

use crate::domain::request_id::RequestId;

mod leases;
mod reads;
mod writes;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Twilio,
    Closebot,
    /// The SMTP server alert emails go through.
    Mail,
}

impl Provider {
    pub const ALL: [Provider; 3] = [Provider::Twilio, Provider::Closebot, Provider::Mail];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Twilio => "twilio",
            Self::Closebot => "closebot",
            Self::Mail => "mail",
        }
    }

    /// Its place in per-provider arrays (`ALL`'s order).
    pub fn index(self) -> usize {
        match self {
            Self::Twilio => 0,
            Self::Closebot => 1,
            Self::Mail => 2,
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
    /// The standing sweep that asks Twilio for the status of sent messages
    /// whose final callback has not come (one job, rescheduling itself).
    CheckStatus,
    /// Point a CloseBot source we created at our current callback URL (after
    /// the response token rotated).
    RepointSource,
    /// Send the waiting alert items as one email (the mail provider).
    SendAlertEmail,
    /// Send the waiting alert items as one SMS to the owner (through Twilio).
    SendAlertSms,
    /// The standing sweep that finds contacts due a satisfaction survey and
    /// queues their surveys (one job, rescheduling itself).
    SurveySweep,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForwardToBot => "forward_to_bot",
            Self::SendSms => "send_sms",
            Self::SetBotEnabled => "set_bot_enabled",
            Self::CheckStatus => "check_status",
            Self::RepointSource => "repoint_source",
            Self::SendAlertEmail => "send_alert_email",
            Self::SendAlertSms => "send_alert_sms",
            Self::SurveySweep => "survey_sweep",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "forward_to_bot" => Some(Self::ForwardToBot),
            "send_sms" => Some(Self::SendSms),
            "set_bot_enabled" => Some(Self::SetBotEnabled),
            "check_status" => Some(Self::CheckStatus),
            "repoint_source" => Some(Self::RepointSource),
            "send_alert_email" => Some(Self::SendAlertEmail),
            "send_alert_sms" => Some(Self::SendAlertSms),
            "survey_sweep" => Some(Self::SurveySweep),
            _ => None,
        }
    }

    /// The standing sweeps (one job each, rescheduling itself) serve sandbox
    /// and real work alike; they are never marked as sandbox jobs.
    pub fn is_standing(self) -> bool {
        matches!(self, Self::CheckStatus | Self::SurveySweep)
    }

    pub fn provider(self) -> Provider {
        match self {
            // The survey sweep calls no provider; it runs beside the texts it queues.
            Self::SendSms | Self::CheckStatus | Self::SendAlertSms | Self::SurveySweep => {
                Provider::Twilio
            }
            Self::SendAlertEmail => Provider::Mail,
            Self::ForwardToBot | Self::SetBotEnabled | Self::RepointSource => Provider::Closebot,
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
    /// The request whose work this is (its logs carry the same id).
    pub request_id: Option<&'a RequestId>,
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
    /// The request that queued it, for the run's logs.
    pub request_id: Option<RequestId>,
    /// Made in sandbox mode (or for sandbox data): it may only ever run
    /// against the simulated providers.
    pub sandbox: bool,
    /// An earlier attempt may have reached the provider without its outcome
    /// being recorded (see migration 0013).
    pub in_doubt: bool,
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

/// How many jobs of one kind are in one state, and since when the oldest
/// of them was queued (for the metrics).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QueueDepth {
    pub kind: String,
    pub state: String,
    pub jobs: i64,
    pub oldest_created_at: i64,
}

#[derive(sqlx::FromRow)]
pub(super) struct FailedRow {
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
/// their own order (off, then on). The status sweep is nobody's: it has one
/// lane, so there is never more than one.
pub(super) fn lane(kind: JobKind, contact_id: &str) -> String {
    match kind {
        JobKind::SetBotEnabled => format!("closebot-toggle:{contact_id}"),
        JobKind::CheckStatus => STATUS_SWEEP_LANE.to_owned(),
        // `contact_id` is the source's id here: one lane per source.
        JobKind::RepointSource => format!("closebot-source/{contact_id}"),
        // One batch per channel at a time.
        JobKind::SendAlertEmail => "alerts/email".to_owned(),
        JobKind::SendAlertSms => "alerts/sms".to_owned(),
        JobKind::SurveySweep => "csat-survey-sweep".to_owned(),
        _ => format!("{}:{contact_id}", kind.provider().as_str()),
    }
}

const STATUS_SWEEP_LANE: &str = "twilio-status-sweep";

/// The contact a lane belongs to (none for the sweeps).
pub fn lane_contact(lane: &str) -> Option<&str> {
    lane.split_once(':').map(|(_, contact)| contact)
}

type JobRow = (
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
    i64,
    Option<String>,
    bool,
    Option<i64>,
);

fn job_from_row(
    (id, kind, lane, payload, message_id, route_id, attempts, request_id, sandbox, in_doubt_since): JobRow,
) -> ClaimedJob {
    let parsed = JobKind::parse(&kind);
    let job = Job {
        id,
        kind: parsed.unwrap_or(JobKind::SendSms),
        lane,
        payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
        message_id,
        route_id,
        attempts,
        request_id: request_id.as_deref().and_then(RequestId::parse),
        sandbox,
        in_doubt: in_doubt_since.is_some(),
    };
    (job, parsed.is_none().then_some(kind))
}
