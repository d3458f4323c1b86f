//! Runs a `set_bot_enabled` job: switches CloseBot's AI off for a lead when a
//! person takes over, and on again when the bot resumes, so CloseBot's own
//! follow-ups pause too. The lead is found by phone when not yet known.

use super::{count_refusal, retry_or_give_up, Health, Outbox};
use crate::bridge::events::{on_route, subject};
use crate::domain::events::{BotToggle, EventData};
use crate::providers::CallError;
use crate::storage::{Contact, Job, StoreResult};

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let enabled = job
        .payload
        .get("enabled")
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    let contact_id = crate::storage::lane_contact(&job.lane)
        .unwrap_or_default()
        .to_owned();
    let Some(contact) = outbox.store.contact(&contact_id).await? else {
        return done(outbox, job, None, None).await;
    };
    let Some(key) = outbox.credentials.closebot_for(job.sandbox) else {
        let error = CallError::NotConfigured("the CloseBot API key is not configured".into());
        return retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await;
    };
    let lead_id = match contact.closebot_lead_id.clone() {
        Some(id) => id,
        None => match outbox
            .closebot
            .find_lead_by_phone(&key, &contact.phone)
            .await
        {
            Ok(Some(lead)) => {
                let (now, lead_id, contact_id) =
                    (outbox.clock.now_ms(), lead.id.clone(), contact.id.clone());
                outbox
                    .store
                    .write(move |tx| {
                        Box::pin(async move { tx.set_lead_id(&contact_id, &lead_id, now).await })
                    })
                    .await?;
                lead.id
            }
            Ok(None) => {
                let note = Note {
                    enabled,
                    applied: false,
                    reason: Some("CloseBot has no lead for this phone number yet".into()),
                    lead_id: None,
                };
                return done(outbox, job, Some(contact), Some(note))
                    .await
                    .map(|_| Health::Answered);
            }
            Err(error @ CallError::Rejected { .. }) => {
                return refused(outbox, job, contact, enabled, error).await
            }
            Err(error) => {
                return retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) }))
                    .await
            }
        },
    };
    match outbox
        .closebot
        .set_ai_enabled(&key, &lead_id, enabled)
        .await
    {
        Ok(toggle) => {
            let note = Note {
                enabled: toggle.enabled,
                applied: toggle.applicable,
                reason: toggle.reason,
                lead_id: Some(lead_id),
            };
            done(outbox, job, Some(contact), Some(note)).await?;
            Ok(Health::Answered)
        }
        Err(error @ CallError::Rejected { .. }) => {
            refused(outbox, job, contact, enabled, error).await
        }
        Err(error) => {
            retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await
        }
    }
}

async fn refused(
    outbox: &Outbox,
    job: Job,
    contact: Contact,
    enabled: bool,
    error: CallError,
) -> StoreResult<Health> {
    count_refusal(outbox, &job, &error);
    let note = Note {
        enabled,
        applied: false,
        reason: Some(error.to_string()),
        lead_id: None,
    };
    done(outbox, job, Some(contact), Some(note)).await?;
    Ok(Health::Answered)
}

/// What CloseBot said to a toggle.
struct Note {
    enabled: bool,
    applied: bool,
    reason: Option<String>,
    lead_id: Option<String>,
}

/// Completes the job, logging a `bot_toggle` event with what CloseBot said.
async fn done(
    outbox: &Outbox,
    job: Job,
    contact: Option<Contact>,
    note: Option<Note>,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.complete_job(&job, now).await?;
                if let (Some(contact), Some(note)) = (contact, note) {
                    let toggled = EventData::BotToggle(BotToggle {
                        subject: subject(&contact),
                        enabled: note.enabled,
                        applied: note.applied,
                        reason: note.reason,
                        lead_id: note.lead_id,
                    });
                    let route = contact.assigned_route_id.as_deref();
                    tx.record_event(on_route(route, None, toggled), now).await?;
                }
                Ok(())
            })
        })
        .await?;
    Ok(Health::NotCalled)
}
