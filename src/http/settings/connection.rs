//! `POST /api/settings/test-connection`: calls both providers with the saved
//! credentials and says what happened, in words.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::http::error::ErrorBody;
use crate::http::extract::AdminUser;
use crate::providers::in_words;

#[derive(Serialize, ToSchema)]
pub struct ConnectionCheck {
    pub twilio: CheckResult,
    pub closebot: CheckResult,
}

#[derive(Serialize, ToSchema)]
pub struct CheckResult {
    pub ok: bool,
    pub message: String,
}

/// Calls both providers with the saved credentials and says what happened.
#[utoipa::path(post,
    operation_id = "testConnection", path = "/api/settings/test-connection", tag = "settings", responses((status = 200, body = ConnectionCheck), (status = 403, body = ErrorBody)))]
pub async fn test_connection(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> Json<ConnectionCheck> {
    let twilio = async {
        let Some(auth) = app.credentials.twilio() else {
            return CheckResult {
                ok: false,
                message: "Twilio credentials are not configured".into(),
            };
        };
        match app.twilio.fetch_account(&auth).await {
            Ok(account) => CheckResult {
                ok: true,
                message: format!(
                    "Connected to {} ({})",
                    account.friendly_name.unwrap_or(account.sid),
                    account.status.unwrap_or_else(|| "active".into())
                ),
            },
            Err(e) => CheckResult {
                ok: false,
                message: in_words("Twilio", &e),
            },
        }
    };
    let closebot = async {
        let Some(key) = app.credentials.closebot() else {
            return CheckResult {
                ok: false,
                message: "The CloseBot API key is not configured".into(),
            };
        };
        match app.closebot.list_bots(&key).await {
            Ok(bots) => CheckResult {
                ok: true,
                message: match bots.len() {
                    1 => "Connected: 1 bot".to_owned(),
                    n => format!("Connected: {n} bots"),
                },
            },
            Err(e) => CheckResult {
                ok: false,
                message: in_words("CloseBot", &e),
            },
        }
    };
    let (twilio, closebot) = tokio::join!(twilio, closebot);
    Json(ConnectionCheck { twilio, closebot })
}
