//! `POST /api/webhooks/closebot/response?token=SECRET`: a bot reply.

use axum::extract::State;
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Serialize;
use tracing::Instrument;
use utoipa::ToSchema;

use super::verified::SignedReply;
use super::write_within;
use crate::app_state::AppState;
use crate::bridge::bot_reply::{self, ReplyOutcome};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::metrics::WebhookResult;
use crate::storage::Provider;

type Reply = (StatusCode, Extension<WebhookResult>, Json<ReplyAccepted>);

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplyAccepted {
    /// `queued`, `duplicate`, `held_for_human`, `route_inactive`, `route_deleted`,
    /// or `recorded` (no text, only a booking or qualification signal).
    pub status: &'static str,
    pub message_ids: Vec<String>,
}

/// Receives a CloseBot reply and queues it for Twilio.
#[utoipa::path(post,
    operation_id = "closebotResponseWebhook", path = "/api/webhooks/closebot/response", tag = "webhooks",
    params(("token" = String, Query, description = "The installation's callback token")),
    request_body(content = Object, description = "CloseBot's reply: message/text/body/messages, state, leadId, messageId; booking or qualification signals as flags (booked, appointmentBooked, qualified…), an event/type word or tags (see the README)"),
    responses((status = 200, body = ReplyAccepted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 503, body = ErrorBody)))]
pub async fn response(
    State(app): State<AppState>,
    SignedReply { callback, state }: SignedReply,
) -> ApiResult<Reply> {
    // The reply's handling logs with the id of the text it answers.
    let span = tracing::info_span!(
        "bot_reply",
        request_id = state.request_id().map(|id| id.to_string())
    );
    let now = app.clock.now_ms();
    let outcome = write_within(&app, move |tx| {
        Box::pin(bot_reply::record(tx, callback, state, now))
    })
    .instrument(span.clone())
    .await?;
    span.in_scope(|| tracing::info!(outcome = ?outcome, "recorded a bot reply"));
    let accepted = |status, ids: Vec<i64>| {
        Ok((
            StatusCode::OK,
            Extension(WebhookResult(status)),
            Json(ReplyAccepted {
                status,
                message_ids: ids.iter().map(i64::to_string).collect(),
            }),
        ))
    };
    match outcome {
        ReplyOutcome::Queued(ids) => {
            app.wake(Provider::Twilio);
            accepted("queued", ids)
        }
        ReplyOutcome::Duplicate => accepted("duplicate", vec![]),
        ReplyOutcome::HeldForHuman => accepted("held_for_human", vec![]),
        ReplyOutcome::RouteInactive => accepted("route_inactive", vec![]),
        ReplyOutcome::RouteDeleted => accepted("route_deleted", vec![]),
        ReplyOutcome::SignalOnly => accepted("recorded", vec![]),
        ReplyOutcome::OptedOut => Err(ApiError::conflict(
            "contact_opted_out",
            "The customer opted out (STOP); the reply was kept but not sent",
        )),
        ReplyOutcome::UnknownContact => Err(ApiError::not_found(
            "The conversation this reply belongs to",
        )),
    }
}
