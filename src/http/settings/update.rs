//! `PUT /api/settings`: credentials (encrypted at rest), compliance texts and
//! alert settings; they apply at once.

use axum::extract::State;
use axum::Json;
use secrecy::SecretString;
use serde::Deserialize;
use utoipa::ToSchema;

use super::alerts::{self, AlertsChange};
use super::business::{self, BusinessChange};
use super::{view, SettingsView};
use crate::alerts::config;
use crate::app_state::AppState;
use crate::config::validate_account_sid;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::{AdminUser, ApiJson};
use crate::preferences::{self, BusinessPreferences, MessagingPreferences};
use crate::security::keyring::Keyring;
use crate::storage::{Provider, StoreResult, Tx};
use std::sync::Arc;

#[derive(Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsChange {
    pub twilio: Option<TwilioChange>,
    pub closebot: Option<CloseBotChange>,
    pub messaging: Option<MessagingChange>,
    pub alerts: Option<AlertsChange>,
    pub business: Option<BusinessChange>,
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
    responses((status = 200, body = SettingsView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(change): ApiJson<SettingsChange>,
) -> ApiResult<Json<SettingsView>> {
    let checked = Arc::new(check(&app, change)?);
    let (keys, now, saving) = (app.keys.clone(), app.clock.now_ms(), checked.clone());
    app.store
        .write(move |tx| Box::pin(async move { save(tx, &keys, &saving, now).await }))
        .await?;
    apply(&app, &checked);
    let real_credentials =
        checked.account_sid.is_some() || checked.auth_token.is_some() || checked.api_key.is_some();
    if real_credentials && crate::sandbox::mode::is_on(&app) {
        // Real credentials end sandbox mode; nothing queued in it is sent.
        crate::sandbox::mode::leave(&app).await?;
    }
    // Work may have been waiting for these credentials.
    app.wake(Provider::Twilio);
    app.wake(Provider::Closebot);
    Ok(Json(view(&app)))
}

/// A change that passed every check.
struct Checked {
    account_sid: Option<String>,
    auth_token: Option<SecretString>,
    api_key: Option<SecretString>,
    messaging: Option<MessagingPreferences>,
    business: Option<BusinessPreferences>,
    alerts: Option<alerts::CheckedAlerts>,
    /// Alerts go from off to on: they start from now, not from the history.
    alerts_switched_on: bool,
}

fn check(app: &AppState, change: SettingsChange) -> ApiResult<Checked> {
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
    let (account_sid, auth_token) = match change.twilio {
        Some(t) => {
            let sid = t.account_sid.map(|s| s.trim().to_owned());
            if let Some(sid) = &sid {
                validate_account_sid(sid).map_err(ApiError::validation)?;
            }
            (sid, secret(t.auth_token, "twilio.authToken")?)
        }
        None => (None, None),
    };
    Ok(Checked {
        account_sid,
        auth_token,
        api_key: secret(change.closebot.and_then(|c| c.api_key), "closebot.apiKey")?,
        messaging: change
            .messaging
            .map(|m| merge_messaging(app.messaging(), m))
            .transpose()?,
        business: change
            .business
            .map(|b| business::check(app, b))
            .transpose()?,
        alerts_switched_on: false,
        alerts: change.alerts.map(|a| alerts::check(app, a)).transpose()?,
    })
    .map(|mut checked| {
        checked.alerts_switched_on = checked.alerts.as_ref().is_some_and(|a| a.settings.any())
            && !app.outbox.alert_settings().any();
        checked
    })
}

async fn save(tx: &mut Tx, keys: &Keyring, c: &Checked, now: i64) -> StoreResult<()> {
    if let Some(sid) = &c.account_sid {
        tx.put_setting(preferences::TWILIO_ACCOUNT_SID, sid, false, now)
            .await?;
    }
    if let Some(token) = &c.auth_token {
        preferences::save_secret(tx, keys, preferences::TWILIO_AUTH_TOKEN, token, now).await?;
    }
    if let Some(key) = &c.api_key {
        preferences::save_secret(tx, keys, preferences::CLOSEBOT_API_KEY, key, now).await?;
    }
    if let Some(messaging) = &c.messaging {
        preferences::save_messaging(tx, messaging, now).await?;
    }
    if let Some(business) = &c.business {
        preferences::save_business(tx, business, now).await?;
    }
    if let Some(alerts) = &c.alerts {
        let raw = serde_json::to_string(&alerts.settings).expect("alert settings serialise");
        tx.put_setting(config::SETTINGS_KEY, &raw, false, now)
            .await?;
        match &alerts.smtp_password {
            Some(Some(password)) => {
                preferences::save_secret(tx, keys, config::SMTP_PASSWORD_KEY, password, now).await?
            }
            Some(None) => tx.delete_setting(config::SMTP_PASSWORD_KEY).await?,
            None => {}
        }
    }
    if c.alerts_switched_on {
        let last = tx.last_event_id().await?;
        tx.set_alert_cursor(last, now).await?;
    }
    Ok(())
}

fn apply(app: &AppState, c: &Checked) {
    app.credentials.update(|creds| {
        if c.account_sid.is_some() {
            creds.twilio_account_sid = c.account_sid.clone();
        }
        if c.auth_token.is_some() {
            creds.twilio_auth_token = c.auth_token.clone();
        }
        if c.api_key.is_some() {
            creds.closebot_api_key = c.api_key.clone();
        }
        if let Some(password) = c.alerts.as_ref().and_then(|a| a.smtp_password.clone()) {
            creds.smtp_password = password;
        }
    });
    if let Some(messaging) = &c.messaging {
        *app.messaging
            .write()
            .expect("preferences lock is never poisoned") = messaging.clone();
    }
    if let Some(business) = &c.business {
        *app.business
            .write()
            .expect("preferences lock is never poisoned") = business.clone();
    }
    if let Some(alerts) = &c.alerts {
        *app.outbox
            .alerts
            .write()
            .expect("alert settings lock is never poisoned") = alerts.settings.clone();
    }
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
