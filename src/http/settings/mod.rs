//! `/api/settings` (admins): webhook URLs to paste into Twilio and CloseBot,
//! which credentials are set (never their values), the compliance texts, the
//! alert settings; saving them, testing the connections, rotating the
//! CloseBot callback token.

mod alerts;
mod business;
mod connection;
mod token;
mod update;

pub use alerts::{__path_test_email, test_email};
pub use connection::*;
pub use token::*;
pub use update::*;

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ErrorBody;
use super::extract::AdminUser;
use crate::app_state::AppState;
use crate::preferences::MessagingPreferences;
use alerts::AlertsView;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub webhook_urls: WebhookUrls,
    pub twilio: TwilioSettings,
    pub closebot: CloseBotSettings,
    pub messaging: MessagingPreferences,
    pub alerts: AlertsView,
    pub business: business::BusinessView,
    /// False only when TWILIO_VALIDATE_SIGNATURES=false (local experiments).
    pub signature_validation: bool,
}

#[derive(Serialize, ToSchema)]
pub struct WebhookUrls {
    /// Twilio number → Messaging → "A message comes in".
    pub inbound: String,
    /// Set on every message we send (StatusCallback).
    pub status: String,
    /// The CloseBot WebHook source's callback URL (carries the secret token).
    pub response: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwilioSettings {
    pub account_sid: Option<String>,
    pub auth_token_set: bool,
    pub from_environment: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CloseBotSettings {
    pub api_key_set: bool,
    pub from_environment: bool,
}

fn view(app: &AppState) -> SettingsView {
    let credentials = app.credentials.snapshot();
    SettingsView {
        webhook_urls: WebhookUrls {
            inbound: app.webhook_url("/api/webhooks/twilio/inbound"),
            status: app.status_callback_url(),
            response: app.response_webhook_url(),
        },
        twilio: TwilioSettings {
            account_sid: credentials.twilio_account_sid,
            auth_token_set: credentials.twilio_auth_token.is_some(),
            from_environment: app.credentials.from_env.twilio,
        },
        closebot: CloseBotSettings {
            api_key_set: credentials.closebot_api_key.is_some(),
            from_environment: app.credentials.from_env.closebot,
        },
        messaging: app.messaging(),
        alerts: alerts::view(app),
        business: business::view(app),
        signature_validation: app.config.validate_twilio_signatures,
    }
}

/// The settings, without secret values.
#[utoipa::path(get,
    operation_id = "getSettings", path = "/api/settings", tag = "settings",
    responses((status = 200, body = SettingsView), (status = 403, body = ErrorBody)))]
pub async fn read(State(app): State<AppState>, _admin: AdminUser) -> Json<SettingsView> {
    Json(view(&app))
}
