//! `POST /api/webhooks/twilio/inbound` and `/status`.

use axum::extract::{OriginalUri, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;

use crate::app_state::AppState;
use crate::bridge::inbound::{self, Accepted, InboundSms};
use crate::bridge::status::{self, StatusUpdate};
use crate::domain::phone::PhoneNumber;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::RawBody;
use crate::security::twilio_signature;

/// Twilio gets an empty TwiML answer: replies go out through the REST API,
/// where they are tracked.
fn empty_twiml() -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/xml")],
        "<Response></Response>",
    )
        .into_response()
}

type Params = Vec<(String, String)>;

/// Parses the form and checks `X-Twilio-Signature` against `APP_URL` + path.
fn verified_params(
    app: &AppState,
    headers: &HeaderMap,
    uri: &axum::http::Uri,
    body: &[u8],
) -> ApiResult<Params> {
    let params: Params = serde_urlencoded::from_bytes(body).map_err(|e| {
        ApiError::bad_request("invalid_form", format!("The body is not a form: {e}"))
    })?;
    if !app.config.validate_twilio_signatures {
        return Ok(params);
    }
    let Some(token) = app.credentials.twilio_auth_token() else {
        tracing::error!(
            "a Twilio webhook arrived but no Twilio auth token is configured to check it"
        );
        return Err(ApiError::forbidden(
            "signature_unverifiable",
            "No Twilio auth token is configured to check the signature",
        ));
    };
    let signature = headers
        .get("x-twilio-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let path_and_query = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let url = format!("{}{path_and_query}", app.config.app_url);
    if signature.is_empty()
        || !twilio_signature::is_valid(token.expose_secret(), &url, &params, signature)
    {
        tracing::warn!(
            url,
            "rejected a Twilio webhook with a missing or wrong signature"
        );
        return Err(ApiError::forbidden(
            "invalid_signature",
            "The X-Twilio-Signature header is missing or wrong",
        ));
    }
    Ok(params)
}

fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Receives an inbound SMS; answers once it is stored with its queued work.
#[utoipa::path(post,
    operation_id = "twilioInboundWebhook", path = "/api/webhooks/twilio/inbound", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", content = String, description = "Twilio's inbound message parameters"),
    responses((status = 200, description = "Stored (or a duplicate)", content_type = "text/xml"),
              (status = 400, body = crate::http::error::ErrorBody), (status = 403, body = crate::http::error::ErrorBody)))]
pub async fn inbound(
    State(app): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let params = verified_params(&app, &headers, &uri, &body)?;
    let sms = match read_inbound(&params) {
        Ok(sms) => sms,
        Err(reason) => {
            keep_rejected(&app, "twilio/inbound", &reason, &body).await;
            return Err(ApiError::bad_request("invalid_inbound_message", reason));
        }
    };
    let (messaging, now) = (app.messaging(), app.clock.now_ms());
    let (accepted, _) = app
        .store
        .write(move |tx| Box::pin(inbound::record(tx, sms, messaging, now)))
        .await?;
    if let Accepted::Stored { wakes, .. } = accepted {
        for provider in wakes {
            app.wake(provider);
        }
    }
    Ok(empty_twiml())
}

fn read_inbound(params: &Params) -> Result<InboundSms, String> {
    let required = |name: &str| {
        param(params, name)
            .filter(|v| !v.trim().is_empty())
            .ok_or(format!("{name} is missing"))
    };
    let message_sid = required("MessageSid")?.trim().to_owned();
    let from = PhoneNumber::parse(required("From")?).map_err(|e| format!("From: {e}"))?;
    let to = PhoneNumber::parse(required("To")?).map_err(|e| format!("To: {e}"))?;
    let media_count: usize = param(params, "NumMedia")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
        .min(10);
    let media_urls = (0..media_count)
        .filter_map(|i| param(params, &format!("MediaUrl{i}")).map(str::to_owned))
        .collect();
    Ok(InboundSms {
        message_sid,
        from,
        to,
        body: param(params, "Body").unwrap_or_default().to_owned(),
        media_urls,
    })
}

/// Receives a delivery status; a status never moves backwards.
#[utoipa::path(post,
    operation_id = "twilioStatusWebhook", path = "/api/webhooks/twilio/status", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", content = String, description = "Twilio's status callback parameters"),
    responses((status = 200, content_type = "text/xml"), (status = 400, body = crate::http::error::ErrorBody), (status = 403, body = crate::http::error::ErrorBody)))]
pub async fn status(
    State(app): State<AppState>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    RawBody(body): RawBody,
) -> ApiResult<Response> {
    let params = verified_params(&app, &headers, &uri, &body)?;
    let sid = param(&params, "MessageSid")
        .or_else(|| param(&params, "SmsSid"))
        .filter(|s| !s.is_empty());
    let state = param(&params, "MessageStatus")
        .or_else(|| param(&params, "SmsStatus"))
        .filter(|s| !s.is_empty());
    let (Some(sid), Some(state)) = (sid, state) else {
        keep_rejected(
            &app,
            "twilio/status",
            "MessageSid or MessageStatus is missing",
            &body,
        )
        .await;
        return Err(ApiError::bad_request(
            "invalid_status_callback",
            "MessageSid and MessageStatus are required",
        ));
    };
    let update = StatusUpdate {
        message_sid: sid.to_owned(),
        status: state.to_owned(),
        error_code: param(&params, "ErrorCode")
            .filter(|c| !c.is_empty() && *c != "0")
            .map(str::to_owned),
        error_message: param(&params, "ErrorMessage")
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
    };
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| Box::pin(status::record(tx, update, now)))
        .await?;
    Ok(empty_twiml())
}

/// Keeps an authentic but unreadable webhook for the operator.
pub async fn keep_rejected(app: &AppState, endpoint: &'static str, reason: &str, body: &[u8]) {
    let (reason, body, now) = (
        reason.to_owned(),
        String::from_utf8_lossy(body).into_owned(),
        app.clock.now_ms(),
    );
    tracing::warn!(
        endpoint,
        reason,
        "kept an unreadable webhook for inspection"
    );
    let kept = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.keep_rejected_webhook(endpoint, &reason, &body, now)
                    .await
            })
        })
        .await;
    if let Err(e) = kept {
        tracing::error!(error = %e, "could not keep a rejected webhook");
    }
}
