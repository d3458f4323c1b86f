//! `GET /api/messages/{id}/trace`: the round trip a message is part of, hop
//! by hop — webhook, storage, queue, CloseBot, the bot's reply, Twilio, each
//! status callback — with the time between hops and why a step did not
//! happen.

use axum::extract::{Path, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use crate::app_state::AppState;
use crate::clock::to_rfc3339;
use crate::domain::message::{Direction, Source};
use crate::domain::trace::{timeline, HopKind, HopStatus, SignatureCheck, SkipReason, TimelineHop};
use crate::domain::twilio_errors;
use crate::storage::TracedMessage;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageTrace {
    /// The message asked about.
    pub message_id: String,
    /// The business's time zone (Settings → Business), to show the times in.
    pub time_zone: String,
    /// The round trip's messages: the customer's text and the bot's replies
    /// to it, or one outbound message.
    pub messages: Vec<TraceMessage>,
    /// Oldest first. Empty for a message stored before tracing began.
    pub hops: Vec<TraceHop>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceMessage {
    pub id: String,
    pub direction: Direction,
    pub source: Source,
}

/// One hop. Facts a hop does not have are null.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TraceHop {
    pub kind: HopKind,
    /// The message this hop belongs to (one of `messages`).
    pub message_id: String,
    #[schema(format = DateTime)]
    pub at: String,
    /// Milliseconds since the previous hop; null for the first.
    pub since_previous_ms: Option<i64>,
    pub status: HopStatus,
    /// Which attempt at the provider this was (1 for the first).
    pub attempt: Option<i64>,
    /// The provider's HTTP answer.
    pub http_status: Option<u16>,
    /// How long the provider took to answer, in milliseconds.
    pub took_ms: Option<i64>,
    /// What went wrong, in words.
    pub error: Option<String>,
    /// Twilio's error code.
    pub error_code: Option<String>,
    /// A plain-language reading of `errorCode`, when it is a known Twilio code.
    pub error_explanation: Option<String>,
    pub twilio_sid: Option<String>,
    /// The Twilio status Twilio answered or called back with.
    pub twilio_status: Option<String>,
    /// Why the step did not happen (`skipped`) or has not yet (`pending`).
    pub reason: Option<SkipReason>,
    /// The reason in words.
    pub reason_text: Option<String>,
    /// When it is tried again: the route's opening, or the next attempt.
    #[schema(format = DateTime)]
    pub retry_at: Option<String>,
    /// On `webhookReceived`: whether Twilio's signature was checked.
    pub signature: Option<SignatureCheck>,
    /// On `webhookReceived`: Twilio delivered the same MessageSid before.
    pub duplicate: Option<bool>,
    /// On a status: it changed nothing (a status never moves backwards).
    pub ignored: Option<bool>,
    /// With reason `optedOut`: when the contact opted out.
    #[schema(format = DateTime)]
    pub opted_out_at: Option<String>,
    /// With reason `optedOut`: the keyword they sent (`twilio:21610` when Twilio reported it).
    pub opt_out_keyword: Option<String>,
    pub note: Option<String>,
}

/// A message's round trip, hop by hop.
#[utoipa::path(get,
    operation_id = "getMessageTrace", path = "/api/messages/{id}/trace", tag = "conversations",
    params(("id" = String, Path, description = "A message id")),
    responses((status = 200, body = MessageTrace), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn trace(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<MessageTrace>> {
    let not_found = || ApiError::not_found("The message");
    let message_id: i64 = id.trim().parse().map_err(|_| not_found())?;
    let trace = app
        .store
        .message_trace(message_id)
        .await?
        .ok_or_else(not_found)?;
    Ok(Json(MessageTrace {
        message_id: message_id.to_string(),
        time_zone: app.business_time_zone().name().to_owned(),
        messages: trace.messages.iter().map(traced_message).collect(),
        hops: timeline(trace.hops).into_iter().map(trace_hop).collect(),
    }))
}

fn traced_message(m: &TracedMessage) -> TraceMessage {
    TraceMessage {
        id: m.id.to_string(),
        direction: m.direction,
        source: m.source,
    }
}

fn trace_hop(line: TimelineHop) -> TraceHop {
    let hop = line.hop;
    let d = hop.detail;
    TraceHop {
        kind: hop.kind,
        message_id: line.message_id.to_string(),
        at: to_rfc3339(hop.at_ms),
        since_previous_ms: line.since_previous_ms,
        status: hop.status,
        attempt: d.attempt,
        http_status: d.http_status,
        took_ms: d.took_ms,
        error_explanation: d
            .error_code
            .as_deref()
            .and_then(twilio_errors::describe)
            .map(str::to_owned),
        error: d.error,
        error_code: d.error_code,
        twilio_sid: d.twilio_sid,
        twilio_status: d.twilio_status,
        reason: d.reason,
        reason_text: d.reason_text,
        retry_at: d.retry_at.map(to_rfc3339),
        signature: d.signature,
        duplicate: d.duplicate,
        ignored: d.ignored,
        opted_out_at: d.opted_out_at.map(to_rfc3339),
        opt_out_keyword: d.opt_out_keyword,
        note: d.note,
    }
}
