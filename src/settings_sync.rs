//! Saved settings reach every instance. Settings live in the database and,
//! for speed, in each instance's memory (credentials, compliance texts, the
//! business's zone, alerts, the CloseBot callback token). The instance that
//! saves applies its change at once; on Postgres, every instance hears of
//! the save (`Store::settings_saved_anywhere`) and reloads its copy.
//!
//! Sandbox mode follows too: each instance runs its own simulators, and
//! leaves or enters the mode as saved (unless `serve --sandbox` forced it).

use secrecy::{ExposeSecret, SecretString};

use crate::app_state::AppState;
use crate::providers::credentials::Credentials;
use crate::storage::StoreResult;

/// Reloads the settings whenever any instance saved some; runs until the
/// store closes.
pub async fn follow(app: AppState) {
    let mut saved = app.store.settings_saved_anywhere();
    while saved.changed().await.is_ok() {
        if let Err(e) = reload(&app).await {
            tracing::error!(error = %e, "could not reload the settings another instance saved");
        }
    }
}

async fn reload(app: &AppState) -> StoreResult<()> {
    let loaded =
        crate::preferences::load(&app.store, &app.keys, &app.config, app.clock.now_ms()).await?;
    // Only a real change bumps the credentials' generation (which empties
    // the caches of CloseBot figures).
    if !same_accounts(&app.credentials.snapshot(), &loaded.credentials) {
        app.credentials.update(|c| {
            c.twilio_account_sid = loaded.credentials.twilio_account_sid;
            c.twilio_auth_token = loaded.credentials.twilio_auth_token;
            c.closebot_api_key = loaded.credentials.closebot_api_key;
            c.smtp_password = loaded.credentials.smtp_password;
        });
    }
    *app.messaging
        .write()
        .expect("preferences lock is never poisoned") = loaded.messaging;
    *app.business
        .write()
        .expect("preferences lock is never poisoned") = loaded.business;
    *app.outbox
        .alerts
        .write()
        .expect("alert settings lock is never poisoned") = loaded.alerts;
    app.response_token
        .replace(loaded.response_token, loaded.previous_response_token);
    follow_sandbox_mode(app).await;
    tracing::debug!("settings reloaded after a save on another instance");
    Ok(())
}

async fn follow_sandbox_mode(app: &AppState) {
    if app.sandbox.forced() {
        return;
    }
    let saved = match app.store.sandbox_mode().await {
        Ok(saved) => saved,
        Err(e) => {
            tracing::error!(error = %e, "could not read the sandbox mode");
            return;
        }
    };
    let on = crate::sandbox::mode::is_on(app);
    match saved {
        // The instance that switched it off ended the sandbox's work.
        Some(false) if on => crate::sandbox::mode::real_credentials_again(app),
        Some(true) if !on => {
            if let Err(e) = crate::sandbox::mode::enter(app).await {
                tracing::error!(error = %e, "could not follow sandbox mode switched on elsewhere");
            }
        }
        _ => {}
    }
}

fn same_accounts(a: &Credentials, b: &Credentials) -> bool {
    fn same(a: &Option<SecretString>, b: &Option<SecretString>) -> bool {
        a.as_ref().map(|s| s.expose_secret()) == b.as_ref().map(|s| s.expose_secret())
    }
    a.twilio_account_sid == b.twilio_account_sid
        && same(&a.twilio_auth_token, &b.twilio_auth_token)
        && same(&a.closebot_api_key, &b.closebot_api_key)
        && same(&a.smtp_password, &b.smtp_password)
}
