//! `/api/settings`: webhook URLs to paste into Twilio and CloseBot, which
//! credentials are set (never their values), and the compliance texts.

use axum::extract::State;
use axum::Json;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson};
use crate::app_state::AppState;
use crate::config::validate_account_sid;
use crate::preferences::{self, MessagingPreferences};
use crate::providers::CallError;
use crate::storage::Provider;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SettingsView {
    pub webhook_urls: WebhookUrls,
    pub twilio: TwilioSettings,
    pub closebot: CloseBotSettings,
    pub messaging: MessagingPreferences,
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
        signature_validation: app.config.validate_twilio_signatures,
    }
}

/// The settings, without secret values.
#[utoipa::path(get,
    operation_id = "getSettings", path = "/api/settings", tag = "settings", responses((status = 200, body = SettingsView)))]
pub async fn read(State(app): State<AppState>) -> Json<SettingsView> {
    Json(view(&app))
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsChange {
    pub twilio: Option<TwilioChange>,
    pub closebot: Option<CloseBotChange>,
    pub messaging: Option<MessagingChange>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TwilioChange {
    pub account_sid: Option<String>,
    pub auth_token: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CloseBotChange {
    pub api_key: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MessagingChange {
    pub help_text: Option<String>,
    /// Empty string or null: none.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub opt_out_confirmation: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub opt_in_confirmation: Option<Option<String>>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Saves credentials (encrypted) and texts; they apply at once (admins).
#[utoipa::path(put,
    operation_id = "updateSettings", path = "/api/settings", tag = "settings", request_body = SettingsChange,
    responses((status = 200, body = SettingsView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(change): ApiJson<SettingsChange>,
) -> ApiResult<Json<SettingsView>> {
    let from_env = app.credentials.from_env;
    if change.twilio.is_some() && from_env.twilio {
        return Err(ApiError::conflict(
            "managed_by_environment",
            "The Twilio credentials are set in the environment",
        ));
    }
    if change.closebot.is_some() && from_env.closebot {
        return Err(ApiError::conflict(
            "managed_by_environment",
            "The CloseBot API key is set in the environment",
        ));
    }
    let secret = |raw: Option<String>, what: &str| -> ApiResult<Option<SecretString>> {
        match raw.map(|v| v.trim().to_owned()) {
            Some(v) if v.is_empty() => {
                Err(ApiError::validation(format!("{what} must not be empty")))
            }
            Some(v) if v.len() > 512 => Err(ApiError::validation(format!("{what} is too long"))),
            other => Ok(other.map(SecretString::from)),
        }
    };
    let (sid, token) = match change.twilio {
        Some(t) => {
            let sid = t.account_sid.map(|s| s.trim().to_owned());
            if let Some(sid) = &sid {
                validate_account_sid(sid).map_err(ApiError::validation)?;
            }
            (sid, secret(t.auth_token, "twilio.authToken")?)
        }
        None => (None, None),
    };
    let api_key = secret(change.closebot.and_then(|c| c.api_key), "closebot.apiKey")?;
    let messaging = change
        .messaging
        .map(|m| merge_messaging(app.messaging(), m))
        .transpose()?;

    let (keys, now) = (app.keys.clone(), app.clock.now_ms());
    let (sid_w, token_w, key_w, messaging_w) = (
        sid.clone(),
        token.clone(),
        api_key.clone(),
        messaging.clone(),
    );
    app.store
        .write(move |tx| {
            Box::pin(async move {
                if let Some(sid) = &sid_w {
                    tx.put_setting(preferences::TWILIO_ACCOUNT_SID, sid, false, now)
                        .await?;
                }
                if let Some(token) = &token_w {
                    preferences::save_secret(tx, &keys, preferences::TWILIO_AUTH_TOKEN, token, now)
                        .await?;
                }
                if let Some(key) = &key_w {
                    preferences::save_secret(tx, &keys, preferences::CLOSEBOT_API_KEY, key, now)
                        .await?;
                }
                if let Some(messaging) = &messaging_w {
                    preferences::save_messaging(tx, messaging, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    app.credentials.update(|c| {
        if sid.is_some() {
            c.twilio_account_sid = sid;
        }
        if token.is_some() {
            c.twilio_auth_token = token;
        }
        if api_key.is_some() {
            c.closebot_api_key = api_key;
        }
    });
    if let Some(messaging) = messaging {
        *app.messaging
            .write()
            .expect("preferences lock is never poisoned") = messaging;
    }
    // Work may have been waiting for these credentials.
    app.wake(Provider::Twilio);
    app.wake(Provider::Closebot);
    Ok(Json(view(&app)))
}

fn merge_messaging(
    mut current: MessagingPreferences,
    change: MessagingChange,
) -> ApiResult<MessagingPreferences> {
    let limit = crate::domain::segments::MAX_BODY_CHARS;
    let clean = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    if let Some(help) = change.help_text {
        current.help_text = help.trim().to_owned();
    }
    if let Some(text) = change.opt_out_confirmation {
        current.opt_out_confirmation = clean(text);
    }
    if let Some(text) = change.opt_in_confirmation {
        current.opt_in_confirmation = clean(text);
    }
    let too_long = [
        Some(&current.help_text),
        current.opt_out_confirmation.as_ref(),
        current.opt_in_confirmation.as_ref(),
    ]
    .into_iter()
    .flatten()
    .any(|t| t.chars().count() > limit);
    if too_long {
        return Err(ApiError::validation(format!(
            "messaging texts must be at most {limit} characters"
        )));
    }
    Ok(current)
}

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
    operation_id = "testConnection", path = "/api/settings/test-connection", tag = "settings", responses((status = 200, body = ConnectionCheck)))]
pub async fn test_connection(State(app): State<AppState>) -> Json<ConnectionCheck> {
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
                message: describe(e),
            },
        }
    };
    let closebot = async {
        let Some(key) = app.credentials.closebot_api_key() else {
            return CheckResult {
                ok: false,
                message: "The CloseBot API key is not configured".into(),
            };
        };
        match app.closebot.list_bots(&key).await {
            Ok(bots) => CheckResult {
                ok: true,
                message: format!("Connected; {} bot(s) visible", bots.len()),
            },
            Err(e) => CheckResult {
                ok: false,
                message: describe(e),
            },
        }
    };
    let (twilio, closebot) = tokio::join!(twilio, closebot);
    Json(ConnectionCheck { twilio, closebot })
}

fn describe(error: CallError) -> String {
    match error {
        CallError::Rejected {
            status, message, ..
        } => format!("Refused ({status}): {message}"),
        other => other.to_string(),
    }
}
