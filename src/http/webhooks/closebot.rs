//! `POST /api/webhooks/closebot/response?token=SECRET`: a bot reply.

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Json;
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::twilio::keep_rejected;
use crate::app_state::AppState;
use crate::bridge::bot_reply::{self, ReplyOutcome};
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::RawBody;
use crate::security::state_signing::BridgeState;
use crate::storage::Provider;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReplyAccepted {
    /// `queued`, `duplicate`, `held_for_human` or `route_inactive`.
    pub status: &'static str,
    pub message_ids: Vec<String>,
}

/// Receives a CloseBot reply and queues it for Twilio.
#[utoipa::path(post,
    operation_id = "closebotResponseWebhook", path = "/api/webhooks/closebot/response", tag = "webhooks",
    params(("token" = String, Query, description = "The installation's callback token")),
    request_body(content = Object, description = "CloseBot's reply: message/text/body/messages, state, leadId, messageId"),
    responses((status = 200, body = ReplyAccepted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn response(
    State(app): State<AppState>,
    uri: Uri,
    RawBody(body): RawBody,
) -> ApiResult<(StatusCode, Json<ReplyAccepted>)> {
    let token = uri
        .query()
        .and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "token")
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default();
    if !bool::from(token.as_bytes().ct_eq(app.response_token.as_bytes())) {
        return Err(ApiError::unauthorized(
            "The callback token is missing or wrong",
        ));
    }
    let callback = match bot_reply::parse(&body) {
        Ok(callback) => callback,
        Err(reason) => {
            keep_rejected(&app, "closebot/response", &reason, &body).await;
            return Err(ApiError::bad_request(
                "unreadable_reply",
                format!("The reply could not be understood: {reason}"),
            ));
        }
    };
    let state =
        BridgeState::verify(app.keys.state_key(), callback.state.as_ref()).map_err(|e| {
            tracing::warn!(error = %e, "rejected a CloseBot reply whose state is not ours");
            ApiError::forbidden("invalid_state", e.to_string())
        })?;
    let now = app.clock.now_ms();
    let (outcome, _) = app
        .store
        .write(move |tx| Box::pin(bot_reply::record(tx, callback, state, now)))
        .await?;
    let accepted = |status, ids: Vec<i64>| {
        Ok((
            StatusCode::OK,
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
        ReplyOutcome::OptedOut => Err(ApiError::conflict(
            "contact_opted_out",
            "The customer opted out (STOP); the reply was kept but not sent",
        )),
        ReplyOutcome::UnknownContact => Err(ApiError::not_found(
            "The conversation this reply belongs to",
        )),
    }
}
