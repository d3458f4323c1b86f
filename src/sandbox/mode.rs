//! Switching sandbox mode on and off, and removing what it made.
//!
//! At start it is on with `serve --sandbox`, or when no Twilio or CloseBot
//! credentials are configured at all and it was never switched off; it is
//! off when the environment sets real credentials. Entering puts the
//! simulators' credentials in force *before* the mode is recorded (so work
//! made in between waits rather than being dropped); leaving records the
//! mode and ends the sandbox's waiting work *before* the real credentials
//! return, so no sandbox job can ever meet them (see `queue::sandbox_gate`).

use super::{BOT_ID, BOT_NAME, NUMBER, NUMBER_SID, SOURCE_ID};
use crate::app_state::AppState;
use crate::domain::business_hours::BusinessHours;
use crate::domain::csat::SurveySettings;
use crate::domain::eligibility::{Hours, RouteState};
use crate::domain::ids::new_id;
use crate::preferences::TWILIO_NUMBERS_CACHE;
use crate::storage::{Provider, Route, RouteInput, SandboxData, StoreResult, Tx};

const FAILURE_PERCENT: &str = "sandbox.failure_percent";

const AFTER_HOURS_REPLY: &str = "Thanks for texting Brightside Solar! We're closed right now; we'll text you back as soon as we open.";

/// Decides the mode at start and applies it.
pub async fn at_start(app: &AppState) -> anyhow::Result<()> {
    let failure = app.store.setting(FAILURE_PERCENT).await?;
    app.sandbox
        .set_failure_percent(failure.and_then(|v| v.parse().ok()).unwrap_or(0));
    let chosen = app.store.sandbox_mode().await?;
    let env = app.credentials.from_env.twilio || app.credentials.from_env.closebot;
    let saved = {
        let c = app.credentials.snapshot();
        c.twilio_account_sid.is_some()
            || c.twilio_auth_token.is_some()
            || c.closebot_api_key.is_some()
    };
    let on = if app.sandbox.forced() {
        true
    } else if env {
        false
    } else {
        chosen.unwrap_or(!saved)
    };
    if on {
        enter(app).await?;
        tracing::warn!(
            "SANDBOX MODE: Twilio and CloseBot are simulated inside this process; texts go to the phone simulator (/simulator), never to real customers"
        );
    } else if chosen == Some(true) {
        tracing::info!("real credentials are set in the environment: leaving sandbox mode");
        leave(app).await?;
    }
    Ok(())
}

pub fn is_on(app: &AppState) -> bool {
    app.credentials.sandbox_active()
}

/// Switches sandbox mode on: starts the simulators (once), puts their
/// credentials in force and makes sure the sandbox route exists.
pub async fn enter(app: &AppState) -> anyhow::Result<()> {
    let _switching = app.sandbox.0.switching.lock().await;
    let sims = match app.sandbox.sims() {
        Some(sims) => sims,
        None => super::start::sims(app).await?,
    };
    app.credentials
        .update(|c| c.sandbox = Some(sims.access.clone()));
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_sandbox_mode(true, now).await?;
                // The numbers listed in Settings are the simulated account's now.
                tx.delete_setting(TWILIO_NUMBERS_CACHE).await?;
                ensure_route(tx, now).await
            })
        })
        .await?;
    for provider in Provider::ALL {
        app.wake(provider);
    }
    Ok(())
}

/// Switches sandbox mode off: its waiting work ends (never sent anywhere),
/// then the real credentials (if any) are in force again. The jobs ended.
pub async fn leave(app: &AppState) -> StoreResult<u64> {
    let _switching = app.sandbox.0.switching.lock().await;
    let now = app.clock.now_ms();
    let (ended, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_sandbox_mode(false, now).await?;
                tx.delete_setting(TWILIO_NUMBERS_CACHE).await?;
                tx.end_sandbox_work(now).await
            })
        })
        .await?;
    real_credentials_again(app);
    Ok(ended)
}

/// The real credentials (if any) are in force again, and the workers hear of it.
pub fn real_credentials_again(app: &AppState) {
    app.credentials.update(|c| c.sandbox = None);
    for provider in Provider::ALL {
        app.wake(provider);
    }
}

/// Deletes everything sandbox mode made; while it is on, it starts afresh
/// (a new sandbox route, empty handsets).
pub async fn remove_data(app: &AppState) -> StoreResult<SandboxData> {
    let _switching = app.sandbox.0.switching.lock().await;
    let (on, now) = (is_on(app), app.clock.now_ms());
    let (removed, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let removed = tx.remove_sandbox_data().await?;
                if on {
                    ensure_route(tx, now).await?;
                }
                Ok(removed)
            })
        })
        .await?;
    if let Some(sims) = app.sandbox.sims() {
        sims.twilio.clear();
        sims.closebot.clear();
    }
    Ok(removed)
}

pub async fn set_failure_percent(app: &AppState, percent: u8) -> StoreResult<()> {
    let (value, now) = (percent.min(100).to_string(), app.clock.now_ms());
    app.store
        .write(move |tx| {
            Box::pin(async move { tx.put_setting(FAILURE_PERCENT, &value, false, now).await })
        })
        .await?;
    app.sandbox.set_failure_percent(percent);
    Ok(())
}

/// After the response token rotated, the demo source's callback is pointed
/// at the new URL (through the CloseBot client, as any source is); the
/// sources we made get their re-pointing jobs.
pub async fn repoint_demo_source(app: &AppState) {
    let Some(auth) = app.credentials.closebot_for(true) else {
        return;
    };
    let url = app.response_webhook_url();
    if let Err(e) = app
        .closebot
        .set_source_callback(&auth, SOURCE_ID, &url)
        .await
    {
        tracing::warn!(error = %e, "could not re-point the sandbox's demo source");
    }
}

/// The sandbox route in force (on the simulated number), if any.
pub fn route(app: &AppState) -> Option<Route> {
    app.store
        .list_routes()
        .into_iter()
        .find(|r| r.sandbox && r.twilio_number == NUMBER)
}

/// Whether the sandbox route is closed now (an after-hours text).
pub fn after_hours(app: &AppState) -> bool {
    let now = app.clock.now_ms();
    route(app).is_some_and(|r| {
        matches!(
            crate::bridge::audience::route_state(Some(&r), now),
            RouteState::Active(Hours::Closed { .. })
        )
    })
}

/// Closes the sandbox route (hours that never open: texts get its
/// after-hours reply and wait) or opens it again (always open; the texts
/// held meanwhile go to the bot at once).
pub async fn set_after_hours(app: &AppState, closed: bool) -> StoreResult<Option<Route>> {
    let Some(current) = route(app) else {
        return Ok(None);
    };
    let mut input = current.input();
    input.business_hours = closed.then(|| BusinessHours {
        timezone: "UTC".into(),
        mon: None,
        tue: None,
        wed: None,
        thu: None,
        fri: None,
        sat: None,
        sun: None,
        exceptions: Vec::new(),
    });
    if input.after_hours_reply.is_none() {
        input.after_hours_reply = Some(AFTER_HOURS_REPLY.into());
    }
    let (id, now) = (current.id, app.clock.now_ms());
    let (updated, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let updated = tx.update_route(&id, &input, now).await?;
                tx.wake_route_jobs(&id, now).await?;
                Ok(updated)
            })
        })
        .await?;
    app.wake(Provider::Closebot);
    Ok(updated)
}

/// The demo route: the simulated number, answered by the demo bot.
async fn ensure_route(tx: &mut Tx, now: i64) -> StoreResult<()> {
    if tx.route_by_number(NUMBER).await?.is_some() {
        return Ok(());
    }
    let input = RouteInput {
        twilio_number: NUMBER.into(),
        twilio_number_sid: Some(NUMBER_SID.into()),
        closebot_source_id: SOURCE_ID.into(),
        closebot_bot_id: Some(BOT_ID.into()),
        bot_name: Some(BOT_NAME.into()),
        greeting_message: None,
        after_hours_reply: Some(AFTER_HOURS_REPLY.into()),
        business_hours: None,
        max_concurrent: 50,
        active: true,
        csat_survey: SurveySettings::default(),
    };
    let id = new_id();
    tx.insert_route(&id, &input, now).await?;
    tx.mark_sandbox_route(&id).await
}
