//! The HTTP surface: webhooks (public, provider-authenticated), the JSON API
//! (session-authenticated), the live event stream and the web app.

mod accept_encoding;
mod activity;
mod analytics;
mod auth;
mod bots;
mod compression;
mod contacts;
mod conversations;
pub mod dashboard;
pub mod error;
mod extract;
mod filters;
mod health;
mod imports;
mod metrics;
mod numbers;
pub mod openapi;
mod queue;
pub mod request_id;
mod routing;
mod sandbox;
mod security_headers;
mod session;
mod settings;
mod team;
mod trace;
mod web_assets;
mod webhooks;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app_state::AppState;
use error::ApiError;

/// Request bodies above this get 413 (webhooks and API alike).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A page of a list: `{"items","total","page","limit"}`.
#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub limit: i64,
}

pub fn router(app: AppState) -> Router {
    let public = Router::new()
        .route("/api/health", get(health::health))
        .route("/api/auth/login", post(auth::login))
        // Its own check (`MetricsAccess`): 404 unless METRICS_TOKEN is set.
        .route("/metrics", get(metrics::serve));

    let webhooks = Router::new()
        .route(
            "/api/webhooks/twilio/inbound",
            post(webhooks::twilio::inbound),
        )
        .route(
            "/api/webhooks/twilio/status",
            post(webhooks::twilio::status),
        )
        .route(
            "/api/webhooks/closebot/response",
            post(webhooks::closebot::response),
        )
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            metrics::measure_webhook,
        ));

    let protected = Router::new()
        .route("/api/auth/logout", post(auth::logout))
        .route("/api/auth/me", get(auth::me))
        .route("/api/auth/password", post(auth::change_password))
        .route("/api/users", get(team::list).post(team::create))
        .route(
            "/api/users/{id}",
            axum::routing::put(team::update).delete(team::delete),
        )
        .route("/api/users/{id}/reset-password", post(team::reset_password))
        // Signed-in only, like every /api path (CONTRACT §5); `closebot-sms
        // openapi` prints it without a server.
        .route("/api/openapi.json", get(openapi::serve))
        .route("/api/routes", get(routing::list).post(routing::create))
        .route(
            "/api/routes/{id}",
            get(routing::read)
                .put(routing::update)
                .delete(routing::delete),
        )
        .route("/api/contacts", get(contacts::list))
        .route("/api/contacts/export", get(contacts::export))
        .route(
            "/api/contacts/import",
            // The larger limit is for uploads only (a layer covers the methods added before it).
            post(imports::upload)
                .layer(DefaultBodyLimit::max(imports::MAX_UPLOAD_BYTES))
                .get(imports::list),
        )
        .route("/api/contacts/import/{id}", get(imports::read))
        .route(
            "/api/contacts/import/{id}/preview",
            post(imports::repreview),
        )
        .route("/api/contacts/import/{id}/start", post(imports::start))
        .route("/api/contacts/import/{id}/stop", post(imports::stop))
        .route(
            "/api/contacts/import/{id}/rejected.csv",
            get(imports::rejected),
        )
        .route(
            "/api/contacts/{id}",
            get(contacts::read)
                .put(contacts::update)
                .delete(contacts::delete),
        )
        .route("/api/conversations", get(conversations::list))
        .route(
            "/api/conversations/{contact_id}",
            get(conversations::thread),
        )
        .route(
            "/api/conversations/{contact_id}/send",
            post(conversations::send),
        )
        .route(
            "/api/conversations/{contact_id}/resume-bot",
            post(conversations::resume_bot),
        )
        .route(
            "/api/conversations/{contact_id}/read",
            post(conversations::mark_read),
        )
        .route("/api/messages/{id}/trace", get(trace::trace))
        .route("/api/settings", get(settings::read).put(settings::update))
        .route(
            "/api/settings/test-connection",
            post(settings::test_connection),
        )
        .route("/api/settings/rotate-token", post(settings::rotate_token))
        .route(
            "/api/settings/alerts/test-email",
            post(settings::test_email),
        )
        .route("/api/bots", get(bots::list).post(bots::create))
        .route(
            "/api/bots/{id}/active",
            axum::routing::put(bots::set_active),
        )
        .route(
            "/api/closebot/sources",
            get(bots::sources).post(bots::create_source),
        )
        .route("/api/twilio/numbers", get(numbers::list))
        .route("/api/twilio/numbers/{sid}/connect", post(numbers::connect))
        .route("/api/analytics/overview", get(analytics::overview))
        .route("/api/analytics/messages", get(analytics::messages))
        .route("/api/analytics/bots", get(analytics::bots))
        .route("/api/analytics/outcomes", get(analytics::outcomes))
        .route("/api/analytics/leaderboard", get(analytics::leaderboard))
        .route("/api/analytics/csat", get(analytics::csat))
        .route("/api/dashboard/activity", get(activity::stream))
        .route("/api/dashboard/stats", get(dashboard::stats))
        .route("/api/search", get(dashboard::search))
        .route("/api/events", get(activity::history))
        .route("/api/sandbox", get(sandbox::read).put(sandbox::update))
        .route(
            "/api/sandbox/data",
            axum::routing::delete(sandbox::remove_data),
        )
        .route("/api/sandbox/texts", post(sandbox::text))
        .route("/api/sandbox/phone", get(sandbox::phone))
        .route("/api/queue", get(queue::stats))
        .route("/api/queue/failed", get(queue::failed))
        .route("/api/queue/failed/{id}/retry", post(queue::retry))
        // Unknown /api paths answer 401 to strangers and a JSON 404 to users.
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .route_layer(middleware::from_fn_with_state(
            app.clone(),
            session::require_session,
        ));

    let app_routes = Router::new()
        .merge(public)
        .merge(webhooks)
        .merge(protected)
        .fallback(web_assets::serve)
        .layer(middleware::from_fn(json_errors))
        .layer(middleware::from_fn(reject_oversized))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(compression::layer());
    request_id::wrap(app_routes)
        .layer(middleware::map_response_with_state(
            security_headers::SecurityHeaders::new(&app),
            security_headers::add,
        ))
        .with_state(app)
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("This API path")
}

/// Refuses a declared body over the limit before reading it (a CSV
/// import may be larger).
async fn reject_oversized(request: Request, next: Next) -> Response {
    let limit = if request.uri().path() == "/api/contacts/import" {
        imports::MAX_UPLOAD_BYTES
    } else {
        MAX_BODY_BYTES
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return ApiError::too_large().into_response();
    }
    next.run(request).await
}

/// Errors produced by the framework itself (405, a 404 on a known path with
/// a bad parameter...) get the JSON error shape on `/api` too.
async fn json_errors(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !is_api || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    // Our own errors are JSON already; axum's extractor rejections (a bad
    // path parameter, say) are plain text, and get the JSON shape here.
    let plain_text = match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(kind) => kind.as_bytes().starts_with(b"text/plain"),
    };
    if !plain_text {
        return response;
    }
    let allow = response.headers().get(header::ALLOW).cloned();
    let detail = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .ok()
        .and_then(|bytes| String::from_utf8(bytes.to_vec()).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty());
    let (code, message) = match status {
        StatusCode::METHOD_NOT_ALLOWED => (
            "method_not_allowed",
            "This method is not allowed on this path",
        ),
        StatusCode::NOT_FOUND => ("not_found", "This API path was not found"),
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("payload_too_large", "The request body is larger than 1 MiB")
        }
        _ if status.is_server_error() => (
            "internal_error",
            "Something went wrong on our side; it was logged",
        ),
        _ => ("bad_request", "The request could not be handled"),
    };
    // A client error keeps axum's explanation; a server error says nothing more.
    let message = match detail {
        Some(detail) if status.is_client_error() => detail,
        _ => message.to_owned(),
    };
    let mut rebuilt = ApiError::new(status, code, message).into_response();
    if let Some(allow) = allow {
        rebuilt.headers_mut().insert(header::ALLOW, allow);
    }
    rebuilt
}
