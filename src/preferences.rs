//! Settings saved from the dashboard: provider credentials (encrypted at
//! rest), compliance texts, and the CloseBot callback token.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::config::Config;
use crate::providers::credentials::{Credentials, FromEnvironment};
use crate::security::keyring::Keyring;
use crate::storage::{Store, StoreResult, Tx};

pub const TWILIO_ACCOUNT_SID: &str = "twilio.account_sid";
pub const TWILIO_AUTH_TOKEN: &str = "twilio.auth_token";
pub const CLOSEBOT_API_KEY: &str = "closebot.api_key";
pub const RESPONSE_TOKEN: &str = "closebot.response_token";
/// `{"token","validUntil"}`: the token before the last rotation.
pub const PREVIOUS_RESPONSE_TOKEN: &str = "closebot.previous_response_token";
pub const MESSAGING: &str = "messaging";
pub const BUSINESS: &str = "business";
/// The Twilio account's numbers as last read (Settings → Phone numbers).
pub const TWILIO_NUMBERS_CACHE: &str = "twilio.numbers";

pub const DEFAULT_HELP_TEXT: &str = "Reply STOP to unsubscribe. Msg & data rates may apply.";

/// What the app itself says to customers around compliance keywords.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagingPreferences {
    /// Sent in answer to HELP or INFO.
    pub help_text: String,
    /// Sent after STOP. Off by default: Twilio already confirms on long codes.
    pub opt_out_confirmation: Option<String>,
    /// Sent after START/UNSTOP. Off by default for the same reason.
    pub opt_in_confirmation: Option<String>,
}

impl Default for MessagingPreferences {
    fn default() -> Self {
        Self {
            help_text: DEFAULT_HELP_TEXT.into(),
            opt_out_confirmation: None,
            opt_in_confirmation: None,
        }
    }
}

/// How the business reads its figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct BusinessPreferences {
    /// The IANA zone of "today" and of every daily figure; `None`: the first
    /// route's zone (UTC without one).
    pub time_zone: Option<String>,
    /// A conversation quiet for longer than this counts as dropped.
    pub dropped_after_days: u32,
}

impl Default for BusinessPreferences {
    fn default() -> Self {
        Self {
            time_zone: None,
            dropped_after_days: 7,
        }
    }
}

pub struct Loaded {
    pub credentials: Credentials,
    pub from_env: FromEnvironment,
    pub messaging: MessagingPreferences,
    pub business: BusinessPreferences,
    pub alerts: crate::alerts::config::AlertSettings,
    pub response_token: String,
    /// The token before the last rotation, and until when it is accepted.
    pub previous_response_token: Option<(String, i64)>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PreviousToken {
    token: String,
    valid_until: i64,
}

/// Saves a rotation: the new token, and the old one with its end of grace.
pub async fn save_rotation(
    tx: &mut Tx,
    new: &str,
    (old, valid_until): &(String, i64),
    now_ms: i64,
) -> StoreResult<()> {
    tx.put_setting(RESPONSE_TOKEN, new, false, now_ms).await?;
    let previous = serde_json::to_string(&PreviousToken {
        token: old.clone(),
        valid_until: *valid_until,
    })
    .expect("tokens serialise");
    tx.put_setting(PREVIOUS_RESPONSE_TOKEN, &previous, false, now_ms)
        .await
}

/// Reads saved settings, lets the environment win, and creates the CloseBot
/// callback token on first start.
pub async fn load(
    store: &Store,
    keys: &Keyring,
    config: &Config,
    now_ms: i64,
) -> StoreResult<Loaded> {
    let stored = store.all_settings().await?;
    let plain = |key: &str| {
        stored
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.value.clone())
    };
    let secret = |key: &str| -> Option<SecretString> {
        let (_, s) = stored.iter().find(|(k, _)| k == key)?;
        match keys.decrypt(key, &s.value) {
            Ok(value) => Some(value),
            Err(e) => {
                tracing::error!(
                    setting = key,
                    "{e}; the saved value is ignored until it is saved again"
                );
                None
            }
        }
    };
    let from_env = FromEnvironment {
        twilio: config.twilio_account_sid.is_some() || config.twilio_auth_token.is_some(),
        closebot: config.closebot_api_key.is_some(),
    };
    let credentials = Credentials {
        twilio_account_sid: if from_env.twilio {
            config.twilio_account_sid.clone()
        } else {
            plain(TWILIO_ACCOUNT_SID)
        },
        twilio_auth_token: if from_env.twilio {
            config.twilio_auth_token.clone()
        } else {
            secret(TWILIO_AUTH_TOKEN)
        },
        closebot_api_key: if from_env.closebot {
            config.closebot_api_key.clone()
        } else {
            secret(CLOSEBOT_API_KEY)
        },
        smtp_password: secret(crate::alerts::config::SMTP_PASSWORD_KEY),
        sandbox: None,
    };
    let messaging = plain(MESSAGING)
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default();
    let business = plain(BUSINESS)
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default();
    let response_token = match plain(RESPONSE_TOKEN) {
        Some(token) => token,
        None => {
            let token = crate::domain::ids::random_hex(24);
            let (stored, _) = store
                .write(move |tx| {
                    Box::pin(
                        async move { tx.setting_or_insert(RESPONSE_TOKEN, &token, now_ms).await },
                    )
                })
                .await?;
            stored
        }
    };
    let previous_response_token = plain(PREVIOUS_RESPONSE_TOKEN)
        .and_then(|raw| serde_json::from_str::<PreviousToken>(&raw).ok())
        .map(|p| (p.token, p.valid_until));
    let alerts = plain(crate::alerts::config::SETTINGS_KEY)
        .and_then(|raw| serde_json::from_str(&raw).ok())
        .unwrap_or_default();
    Ok(Loaded {
        credentials,
        from_env,
        messaging,
        business,
        alerts,
        response_token,
        previous_response_token,
    })
}

pub async fn save_secret(
    tx: &mut Tx,
    keys: &Keyring,
    key: &'static str,
    value: &SecretString,
    now_ms: i64,
) -> StoreResult<()> {
    let sealed = keys.encrypt(key, value.expose_secret());
    tx.put_setting(key, &sealed, true, now_ms).await
}

pub async fn save_messaging(
    tx: &mut Tx,
    prefs: &MessagingPreferences,
    now_ms: i64,
) -> StoreResult<()> {
    let raw = serde_json::to_string(prefs).expect("preferences serialise");
    tx.put_setting(MESSAGING, &raw, false, now_ms).await
}

pub async fn save_business(
    tx: &mut Tx,
    prefs: &BusinessPreferences,
    now_ms: i64,
) -> StoreResult<()> {
    let raw = serde_json::to_string(prefs).expect("preferences serialise");
    tx.put_setting(BUSINESS, &raw, false, now_ms).await
}
