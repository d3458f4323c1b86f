//! Starting the simulators: the sandbox's credentials (made once, kept
//! encrypted in the settings like real ones) and the two simulated providers
//! serving with them on 127.0.0.1.

use secrecy::{ExposeSecret, SecretString};

use super::closebot_sim::{CloseBotSim, Seed};
use super::twilio_sim::{Account, Timing, TwilioSim};
use super::{Sims, BOT_ID, BOT_NAME, NUMBER, NUMBER_SID, SOURCE_ID, SOURCE_NAME};
use crate::app_state::AppState;
use crate::domain::ids::random_hex;
use crate::providers::credentials::SandboxAccess;

const TWILIO_SID: &str = "sandbox.twilio_account_sid";
const TWILIO_TOKEN: &str = "sandbox.twilio_auth_token";
const CLOSEBOT_KEY: &str = "sandbox.closebot_api_key";

/// How long the demo bot "types" before it answers.
const TYPING: std::time::Duration = std::time::Duration::from_millis(800);

/// The sandbox's credentials (made once and kept encrypted, like real ones)
/// and the two simulators serving with them.
pub(super) async fn sims(app: &AppState) -> anyhow::Result<Sims> {
    let (sid, token, key) = sandbox_credentials(app).await?;
    let loopback = app.sandbox.loopback().clone();
    let twilio = TwilioSim::new(
        Account {
            account_sid: sid.clone(),
            auth_token: token.expose_secret().to_owned(),
            number: NUMBER.into(),
            number_sid: NUMBER_SID.into(),
            sms_url: app.webhook_url("/api/webhooks/twilio/inbound"),
        },
        loopback.clone(),
        Timing::default(),
        app.sandbox.0.failure_percent.clone(),
    );
    let closebot = CloseBotSim::new(
        Seed {
            api_key: key.expose_secret().to_owned(),
            bot_id: BOT_ID.into(),
            bot_name: BOT_NAME.into(),
            source_id: SOURCE_ID.into(),
            source_name: SOURCE_NAME.into(),
            callback: app.response_webhook_url(),
        },
        loopback,
        TYPING,
    );
    let access = SandboxAccess {
        twilio_account_sid: sid,
        twilio_auth_token: token,
        closebot_api_key: key,
        twilio_api_base: twilio.serve().await?,
        closebot_api_base: closebot.serve().await?,
    };
    tracing::info!(
        twilio = access.twilio_api_base,
        closebot = access.closebot_api_base,
        "sandbox simulators listening"
    );
    let sims = Sims {
        twilio,
        closebot,
        access,
    };
    app.sandbox.keep(sims.clone());
    Ok(sims)
}

async fn sandbox_credentials(
    app: &AppState,
) -> anyhow::Result<(String, SecretString, SecretString)> {
    let stored = app.store.all_settings().await?;
    let find = |key: &str| {
        stored
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, s)| s.value.clone())
    };
    let secret = |key: &str| find(key).and_then(|v| app.keys.decrypt(key, &v).ok());
    if let (Some(sid), Some(token), Some(key)) =
        (find(TWILIO_SID), secret(TWILIO_TOKEN), secret(CLOSEBOT_KEY))
    {
        return Ok((sid, token, key));
    }
    let sid = format!("AC{}", random_hex(16));
    let token = SecretString::from(random_hex(16));
    let key = SecretString::from(format!("cbk_sandbox_{}", random_hex(16)));
    let (keys, now) = (app.keys.clone(), app.clock.now_ms());
    let (s, t, k) = (sid.clone(), token.clone(), key.clone());
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.put_setting(TWILIO_SID, &s, false, now).await?;
                crate::preferences::save_secret(tx, &keys, TWILIO_TOKEN, &t, now).await?;
                crate::preferences::save_secret(tx, &keys, CLOSEBOT_KEY, &k, now).await
            })
        })
        .await?;
    Ok((sid, token, key))
}
