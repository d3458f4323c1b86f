//! `POST /api/webhooks/twilio/inbound` and `/status`.

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::verified::{keep_rejected, TwilioForm, VerifiedTwilio};
use super::write_within;
use crate::app_state::AppState;
use crate::bridge::inbound::{self, Accepted, InboundSms, Receipt};
use crate::bridge::status::{self, StatusUpdate};
use crate::domain::phone::PhoneNumber;
use crate::http::error::{ApiError, ApiResult};

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

/// Receives an inbound SMS; answers once it is stored with its queued work.
#[utoipa::path(post,
    operation_id = "twilioInboundWebhook", path = "/api/webhooks/twilio/inbound", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", content = String, description = "Twilio's inbound message parameters"),
    responses((status = 200, description = "Stored (or a duplicate)", content_type = "text/xml"),
              (status = 400, body = crate::http::error::ErrorBody), (status = 403, body = crate::http::error::ErrorBody),
              (status = 503, body = crate::http::error::ErrorBody)))]
pub async fn inbound(
    State(app): State<AppState>,
    VerifiedTwilio(form): VerifiedTwilio,
) -> ApiResult<Response> {
    let sms = match read_inbound(&form) {
        Ok(sms) => sms,
        Err(reason) => {
            keep_rejected(&app, "twilio/inbound", &reason, &form.raw).await;
            return Err(ApiError::bad_request("invalid_inbound_message", reason));
        }
    };
    let (messaging, clock) = (app.messaging(), app.clock.clone());
    // Stored when the writer runs it: the trace shows the wait from arrival.
    let accepted = write_within(&app, move |tx| {
        Box::pin(async move { inbound::record(tx, sms, messaging, clock.now_ms()).await })
    })
    .await?;
    if let Accepted::Stored { wakes, .. } = accepted {
        for provider in wakes {
            app.wake(provider);
        }
    }
    Ok(empty_twiml())
}

fn read_inbound(form: &TwilioForm) -> Result<InboundSms, String> {
    let required = |name: &str| {
        form.get(name)
            .filter(|v| !v.trim().is_empty())
            .ok_or(format!("{name} is missing"))
    };
    let message_sid = required("MessageSid")?.trim().to_owned();
    let from = PhoneNumber::parse(required("From")?).map_err(|e| format!("From: {e}"))?;
    let to = PhoneNumber::parse(required("To")?).map_err(|e| format!("To: {e}"))?;
    let media_count: usize = form
        .get("NumMedia")
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
        .min(10);
    let media_urls = (0..media_count)
        .filter_map(|i| form.get(&format!("MediaUrl{i}")).map(str::to_owned))
        .collect();
    Ok(InboundSms {
        message_sid,
        from,
        to,
        body: form.get("Body").unwrap_or_default().to_owned(),
        media_urls,
        receipt: Receipt {
            at_ms: form.received_at_ms,
            signature: form.signature,
        },
    })
}

/// Receives a delivery status; a status never moves backwards.
#[utoipa::path(post,
    operation_id = "twilioStatusWebhook", path = "/api/webhooks/twilio/status", tag = "webhooks",
    request_body(content_type = "application/x-www-form-urlencoded", content = String, description = "Twilio's status callback parameters"),
    responses((status = 200, content_type = "text/xml"), (status = 400, body = crate::http::error::ErrorBody),
              (status = 403, body = crate::http::error::ErrorBody), (status = 503, body = crate::http::error::ErrorBody)))]
pub async fn status(
    State(app): State<AppState>,
    VerifiedTwilio(form): VerifiedTwilio,
) -> ApiResult<Response> {
    let sid = form
        .get("MessageSid")
        .or_else(|| form.get("SmsSid"))
        .filter(|s| !s.is_empty());
    let state = form
        .get("MessageStatus")
        .or_else(|| form.get("SmsStatus"))
        .filter(|s| !s.is_empty());
    let (Some(sid), Some(state)) = (sid, state) else {
        keep_rejected(
            &app,
            "twilio/status",
            "MessageSid or MessageStatus is missing",
            &form.raw,
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
        error_code: form
            .get("ErrorCode")
            .filter(|c| !c.is_empty() && *c != "0")
            .map(str::to_owned),
        error_message: form
            .get("ErrorMessage")
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
    };
    let now = app.clock.now_ms();
    write_within(&app, move |tx| Box::pin(status::record(tx, update, now))).await?;
    Ok(empty_twiml())
}
