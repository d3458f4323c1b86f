//! `GET /metrics` (Prometheus text format, off unless `METRICS_TOKEN` is
//! set, then for `Authorization: Bearer <token>` only) and the counting of
//! provider webhooks' answers.

use std::time::Instant;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use secrecy::ExposeSecret;
use subtle::ConstantTimeEq;

use super::error::{ApiError, ApiResult, ErrorCode};
use crate::app_state::AppState;
use crate::monitoring::{QueueSeries, CONTENT_TYPE};

/// The scraper proved it holds `METRICS_TOKEN`. Without the variable the
/// endpoint does not exist (404); with it, a missing or wrong bearer token
/// gets 401.
pub struct MetricsAccess;

impl FromRequestParts<AppState> for MetricsAccess {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Response> {
        let Some(token) = &app.config.metrics_token else {
            return Err(ApiError::not_found("This path").into_response());
        };
        let offered = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .trim();
        if bool::from(offered.as_bytes().ct_eq(token.expose_secret().as_bytes())) {
            return Ok(Self);
        }
        let mut refused =
            ApiError::unauthorized("A bearer token (METRICS_TOKEN) is required").into_response();
        refused
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        Err(refused)
    }
}

/// The metrics, with the outbox's gauges read from storage now.
pub async fn serve(State(app): State<AppState>, _: MetricsAccess) -> ApiResult<Response> {
    let now = app.clock.now_ms();
    let queue: Vec<QueueSeries> = app
        .store
        .queue_depths()
        .await?
        .into_iter()
        .map(|depth| QueueSeries {
            kind: depth.kind,
            state: depth.state,
            jobs: depth.jobs,
            oldest_age_seconds: (now - depth.oldest_created_at) as f64 / 1000.0,
        })
        .collect();
    let text = app.store.metrics().render(&queue);
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
        text,
    )
        .into_response())
}

/// What became of a webhook whose answer is a success (`stored`,
/// `duplicate`, `queued`…); an error answer is counted by its code.
#[derive(Debug, Clone, Copy)]
pub struct WebhookResult(pub &'static str);

/// Counts each provider webhook's answer by kind and result, and times it.
/// A route layer on the webhook routes, so no webhook goes uncounted.
pub async fn measure_webhook(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let kind = match request.uri().path() {
        "/api/webhooks/twilio/inbound" => "twilio_inbound",
        "/api/webhooks/twilio/status" => "twilio_status",
        "/api/webhooks/closebot/response" => "closebot_response",
        _ => "other",
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let extensions = response.extensions();
    let result = match (
        extensions.get::<WebhookResult>(),
        extensions.get::<ErrorCode>(),
    ) {
        (Some(WebhookResult(result)), _) | (None, Some(ErrorCode(result))) => *result,
        (None, None) if response.status().is_success() => "ok",
        (None, None) => "error",
    };
    app.store
        .metrics()
        .webhook_answered(kind, result, started.elapsed());
    response
}
