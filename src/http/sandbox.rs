//! `/api/sandbox`: sandbox mode (on or off, the simulated delivery failures,
//! after hours on the sandbox route, removing its data; admins change them)
//! and the phone simulator (texting the app as a customer, reading the
//! handset), for every signed-in user.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, CurrentUser};
use crate::app_state::AppState;
use crate::sandbox::twilio_sim::{Phone, PhoneText, TextError};
use crate::sandbox::{mode, DEFAULT_CUSTOMER, NUMBER};
use crate::storage::SandboxData;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SandboxView {
    /// Twilio and CloseBot are the simulated ones; texts go to the phone simulator.
    pub enabled: bool,
    /// Started with `closebot-sms serve --sandbox`.
    pub forced: bool,
    /// The simulated business number customers text.
    pub number: String,
    /// The customer number the phone simulator suggests.
    pub default_customer: String,
    /// The sandbox route (on `number`), while sandbox mode is on.
    #[schema(required = true)]
    pub route_id: Option<String>,
    #[schema(required = true)]
    pub bot_name: Option<String>,
    /// The sandbox route is closed now: texts get its after-hours reply.
    pub after_hours: bool,
    /// Percent of sent texts the simulated Twilio fails with error 30006.
    pub failure_percent: u8,
    /// Simulated handsets that texted or were texted.
    pub handsets: Vec<String>,
    /// What sandbox mode made and "Remove sandbox data" would delete.
    pub data: SandboxData,
}

async fn view(app: &AppState) -> ApiResult<SandboxView> {
    let enabled = mode::is_on(app);
    let route = mode::route(app).filter(|_| enabled);
    let handsets = match app.sandbox.sims() {
        Some(sims) if enabled => sims.twilio.handsets(),
        _ => Vec::new(),
    };
    Ok(SandboxView {
        enabled,
        forced: app.sandbox.forced(),
        number: NUMBER.into(),
        default_customer: DEFAULT_CUSTOMER.into(),
        after_hours: enabled && mode::after_hours(app),
        route_id: route.as_ref().map(|r| r.id.clone()),
        bot_name: route.and_then(|r| r.bot_name),
        failure_percent: app.sandbox.failure_percent(),
        handsets,
        data: app.store.sandbox_data().await?,
    })
}

/// Whether sandbox mode is on, and its settings.
#[utoipa::path(get,
    operation_id = "getSandbox", path = "/api/sandbox", tag = "sandbox",
    responses((status = 200, body = SandboxView)))]
pub async fn read(State(app): State<AppState>, _user: CurrentUser) -> ApiResult<Json<SandboxView>> {
    Ok(Json(view(&app).await?))
}

/// Any part may be left out.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxChange {
    /// Switch sandbox mode on or off. Off ends its waiting work: nothing
    /// queued in sandbox mode is ever sent to a real provider.
    pub enabled: Option<bool>,
    /// 0–100.
    pub failure_percent: Option<u8>,
    /// Close the sandbox route (its hours never open) or open it (always open).
    pub after_hours: Option<bool>,
}

/// Changes sandbox mode (admins).
#[utoipa::path(put,
    operation_id = "updateSandbox", path = "/api/sandbox", tag = "sandbox", request_body = SandboxChange,
    responses((status = 200, body = SandboxView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(change): ApiJson<SandboxChange>,
) -> ApiResult<Json<SandboxView>> {
    if change.failure_percent.is_some_and(|p| p > 100) {
        return Err(ApiError::validation(
            "failurePercent must be between 0 and 100",
        ));
    }
    match change.enabled {
        Some(true) if !mode::is_on(&app) => mode::enter(&app).await.map_err(|e| {
            tracing::error!(error = %e, "could not start sandbox mode");
            ApiError::internal()
        })?,
        Some(false) if mode::is_on(&app) => {
            mode::leave(&app).await?;
        }
        _ => {}
    }
    if let Some(percent) = change.failure_percent {
        mode::set_failure_percent(&app, percent).await?;
    }
    if let Some(closed) = change.after_hours {
        if !mode::is_on(&app) {
            return Err(off());
        }
        if mode::set_after_hours(&app, closed).await?.is_none() {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "sandbox_route_missing",
                "The sandbox route was deleted: switch sandbox mode off and on to make it again",
            ));
        }
    }
    Ok(Json(view(&app).await?))
}

#[derive(Serialize, ToSchema)]
pub struct SandboxRemoval {
    pub removed: SandboxData,
}

/// Deletes every route, contact, message and job sandbox mode made (admins);
/// while it is on, it starts again with a fresh sandbox route.
#[utoipa::path(delete,
    operation_id = "removeSandboxData", path = "/api/sandbox/data", tag = "sandbox",
    responses((status = 200, body = SandboxRemoval), (status = 403, body = ErrorBody)))]
pub async fn remove_data(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<SandboxRemoval>> {
    let removed = mode::remove_data(&app).await?;
    tracing::info!(?removed, "sandbox data removed");
    Ok(Json(SandboxRemoval { removed }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SimulatedText {
    /// The customer's number (E.164); the suggested one when left out.
    pub from: Option<String>,
    pub body: String,
}

/// The phone simulator: a customer texts the sandbox number. The simulated
/// Twilio posts its signed inbound webhook to the app; the answer is the
/// handset's text with how the webhook answered.
#[utoipa::path(post,
    operation_id = "sendSimulatedText", path = "/api/sandbox/texts", tag = "sandbox", request_body = SimulatedText,
    responses((status = 201, body = PhoneText), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn text(
    State(app): State<AppState>,
    _user: CurrentUser,
    ApiJson(text): ApiJson<SimulatedText>,
) -> ApiResult<(StatusCode, Json<PhoneText>)> {
    let sims = app
        .sandbox
        .sims()
        .filter(|_| mode::is_on(&app))
        .ok_or_else(off)?;
    let from = text.from.as_deref().unwrap_or(DEFAULT_CUSTOMER);
    let sent = sims
        .twilio
        .text_in(from, NUMBER, &text.body)
        .await
        .map_err(|TextError::Invalid(why)| ApiError::validation(why))?;
    Ok((StatusCode::CREATED, Json(sent)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PhoneQuery {
    /// The handset's number (E.164); the suggested one when left out.
    pub number: Option<String>,
}

/// A simulated handset's screen: what the customer texted and received.
#[utoipa::path(get,
    operation_id = "getSimulatedPhone", path = "/api/sandbox/phone", tag = "sandbox", params(PhoneQuery),
    responses((status = 200, body = Phone), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn phone(
    State(app): State<AppState>,
    _user: CurrentUser,
    ApiQuery(query): ApiQuery<PhoneQuery>,
) -> ApiResult<Json<Phone>> {
    let sims = app
        .sandbox
        .sims()
        .filter(|_| mode::is_on(&app))
        .ok_or_else(off)?;
    let number = query.number.as_deref().unwrap_or(DEFAULT_CUSTOMER);
    let number = crate::domain::phone::PhoneNumber::parse(number)
        .map_err(|e| ApiError::validation(format!("number: {e}")))?;
    Ok(Json(sims.twilio.phone(number.as_str())))
}

fn off() -> ApiError {
    ApiError::conflict(
        "sandbox_off",
        "Sandbox mode is off: switch it on in Settings to use the phone simulator",
    )
}
