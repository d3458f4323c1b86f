//! Runs a `set_bot_enabled` job: switches CloseBot's AI off for a lead when a
//! person takes over, and on again when the bot resumes, so CloseBot's own
//! follow-ups pause too. The lead is found by phone when not yet known.

use serde_json::json;

use super::{retry_or_give_up, Health};
use crate::app_state::AppState;
use crate::bridge::events::contact_event;
use crate::providers::CallError;
use crate::storage::{Contact, Job, StoreResult};

pub async fn run(app: &AppState, job: Job) -> StoreResult<Health> {
    let enabled = job
        .payload
        .get("enabled")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let contact_id = job
        .lane
        .split_once(':')
        .map(|(_, id)| id.to_owned())
        .unwrap_or_default();
    let Some(contact) = app.store.contact(&contact_id).await? else {
        return done(app, job, None, None).await;
    };
    let Some(key) = app.credentials.closebot_api_key() else {
        let error = CallError::NotConfigured("the CloseBot API key is not configured".into());
        return retry_or_give_up(app, job, error, |_, _, _| Box::pin(async { Ok(()) })).await;
    };
    let lead_id = match contact.closebot_lead_id.clone() {
        Some(id) => id,
        None => match app.closebot.find_lead_by_phone(&key, &contact.phone).await {
            Ok(Some(lead)) => {
                let (now, lead_id, contact_id) =
                    (app.clock.now_ms(), lead.id.clone(), contact.id.clone());
                app.store
                    .write(move |tx| {
                        Box::pin(async move { tx.set_lead_id(&contact_id, &lead_id, now).await })
                    })
                    .await?;
                lead.id
            }
            Ok(None) => {
                let note = json!({ "enabled": enabled, "applied": false,
                    "reason": "CloseBot has no lead for this phone number yet" });
                return done(app, job, Some(contact), Some(note))
                    .await
                    .map(|_| Health::Answered);
            }
            Err(error @ CallError::Rejected { .. }) => {
                return refused(app, job, contact, enabled, error).await
            }
            Err(error) => {
                return retry_or_give_up(app, job, error, |_, _, _| Box::pin(async { Ok(()) }))
                    .await
            }
        },
    };
    match app.closebot.set_ai_enabled(&key, &lead_id, enabled).await {
        Ok(toggle) => {
            let note = json!({ "enabled": toggle.enabled, "applied": toggle.applicable,
                "reason": toggle.reason, "leadId": lead_id });
            done(app, job, Some(contact), Some(note)).await?;
            Ok(Health::Answered)
        }
        Err(error @ CallError::Rejected { .. }) => refused(app, job, contact, enabled, error).await,
        Err(error) => retry_or_give_up(app, job, error, |_, _, _| Box::pin(async { Ok(()) })).await,
    }
}

async fn refused(
    app: &AppState,
    job: Job,
    contact: Contact,
    enabled: bool,
    error: CallError,
) -> StoreResult<Health> {
    let note = json!({ "enabled": enabled, "applied": false, "reason": error.to_string() });
    done(app, job, Some(contact), Some(note)).await?;
    Ok(Health::Answered)
}

/// Completes the job, logging a `bot_toggle` event with what CloseBot said.
async fn done(
    app: &AppState,
    job: Job,
    contact: Option<Contact>,
    note: Option<serde_json::Value>,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.complete_job(&job, now).await?;
                if let (Some(contact), Some(note)) = (contact, note) {
                    let route = contact.assigned_route_id.clone();
                    tx.record_event(
                        contact_event("bot_toggle", &contact, route.as_deref(), note),
                        now,
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(Health::NotCalled)
}
