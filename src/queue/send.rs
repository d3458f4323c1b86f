//! Runs a `send_sms` job: one outbound message through Twilio's REST API.

use serde_json::json;

use super::{retry_or_give_up, Health};
use crate::app_state::AppState;
use crate::bridge::events::contact_event;
use crate::bridge::status::mark_opted_out_by_twilio;
use crate::domain::message::{is_final_status, status_may_advance};
use crate::domain::twilio_errors::OPTED_OUT;
use crate::providers::credentials::TwilioAuth;
use crate::providers::twilio::{OutboundSms, TwilioMessage};
use crate::providers::CallError;
use crate::storage::{Contact, Job, Message, StoreResult};

pub async fn run(app: &AppState, job: Job) -> StoreResult<Health> {
    let Some(message_id) = job.message_id else {
        return complete(app, job).await;
    };
    let Some((message, contact)) = app.store.message_with_contact(message_id).await? else {
        return complete(app, job).await;
    };
    // Already handed to Twilio, or ended otherwise: nothing to send.
    if message.twilio_sid.is_some()
        || message
            .twilio_status
            .as_deref()
            .is_some_and(is_final_status)
    {
        return complete(app, job).await;
    }

    let compliance = job
        .payload
        .get("compliance")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    if contact.opted_out && !compliance {
        return cancel(
            app,
            job,
            &message,
            &contact,
            "Not sent: the customer opted out (STOP)",
        )
        .await;
    }
    let Some(auth) = app.credentials.twilio() else {
        let error = CallError::NotConfigured("Twilio credentials are not configured".into());
        return retry_or_give_up(app, job, error, give_up(message_id)).await;
    };
    // A previous attempt may have reached Twilio before a crash or timeout:
    // look for it before sending again.
    if job.attempts > 1 {
        match already_sent(app, &auth, &message).await {
            Ok(Some(found)) => return record_sent(app, job, &message, &contact, found).await,
            Ok(None) => {}
            Err(error) => return retry_or_give_up(app, job, error, give_up(message_id)).await,
        }
    }
    let status_callback = app.status_callback_url();
    let sms = OutboundSms {
        to: &message.to_number,
        from: &message.from_number,
        body: &message.body,
        status_callback: &status_callback,
    };
    match app.twilio.send_message(&auth, &sms).await {
        Ok(sent) => record_sent(app, job, &message, &contact, sent).await,
        Err(CallError::Rejected {
            code,
            message: text,
            status,
        }) => {
            reject(
                app,
                job,
                message_id,
                contact,
                code,
                format!("{text} (HTTP {status})"),
            )
            .await
        }
        Err(error) => retry_or_give_up(app, job, error, give_up(message_id)).await,
    }
}

async fn already_sent(
    app: &AppState,
    auth: &TwilioAuth,
    message: &Message,
) -> Result<Option<TwilioMessage>, CallError> {
    let since_ms = message.send_started_at.unwrap_or(message.created_at);
    let since = chrono::DateTime::from_timestamp_millis(since_ms).unwrap_or_default();
    let candidates = app
        .twilio
        .find_sent_messages(
            auth,
            &message.to_number,
            &message.from_number,
            &message.body,
            since,
        )
        .await?;
    for candidate in candidates {
        // A twin text we sent ourselves earlier is not this one.
        match app.store.message_id_by_sid(&candidate.sid).await {
            Ok(None) => return Ok(Some(candidate)),
            Ok(Some(_)) => continue,
            Err(e) => {
                return Err(CallError::Transient {
                    reason: e.to_string(),
                    retry_after: None,
                    in_doubt: true,
                })
            }
        }
    }
    Ok(None)
}

async fn record_sent(
    app: &AppState,
    job: Job,
    message: &Message,
    contact: &Contact,
    sent: TwilioMessage,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    let status = if status_may_advance(Some("queued"), &sent.status) {
        sent.status.clone()
    } else {
        "queued".to_owned()
    };
    let event = contact_event(
        "status_change",
        contact,
        message.route_id.as_deref(),
        json!({ "messageId": message.id.to_string(), "body": message.body, "twilioSid": sent.sid, "twilioStatus": status }),
    );
    let message_id = message.id;
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.record_sent(message_id, &sent.sid, &sent.status, job.id, now)
                    .await?;
                tx.record_event(event, now).await
            })
        })
        .await?;
    Ok(Health::Answered)
}

/// Twilio refused the message for good: it fails with Twilio's code, and a
/// 21610 also records the opt-out.
async fn reject(
    app: &AppState,
    job: Job,
    message_id: i64,
    contact: Contact,
    code: Option<String>,
    text: String,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.finish_unsent(message_id, "failed", code.as_deref(), &text, now).await?;
                if code.as_deref() == Some(OPTED_OUT) {
                    mark_opted_out_by_twilio(tx, &contact.id, None, now).await?;
                }
                tx.complete_job(&job, now).await?;
                let extra = json!({
                    "messageId": message_id.to_string(),
                    "twilioStatus": "failed",
                    "errorCode": code,
                    "errorMessage": text,
                    "errorExplanation": code.as_deref().and_then(crate::domain::twilio_errors::describe),
                });
                tx.record_event(contact_event("status_change", &contact, None, extra), now).await
            })
        })
        .await?;
    Ok(Health::Answered)
}

async fn cancel(
    app: &AppState,
    job: Job,
    message: &Message,
    contact: &Contact,
    reason: &'static str,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    let message_id = message.id;
    let contact = contact.clone();
    app
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.finish_unsent(message_id, "canceled", None, reason, now).await?;
                tx.complete_job(&job, now).await?;
                let extra = json!({ "messageId": message_id.to_string(), "twilioStatus": "canceled", "errorMessage": reason });
                tx.record_event(contact_event("status_change", &contact, None, extra), now).await
            })
        })
        .await?;
    Ok(Health::NotCalled)
}

async fn complete(app: &AppState, job: Job) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| Box::pin(async move { tx.complete_job(&job, now).await }))
        .await?;
    Ok(Health::NotCalled)
}

fn give_up(
    message_id: i64,
) -> impl for<'a> FnOnce(
    &'a mut crate::storage::Tx,
    String,
    i64,
) -> futures_util::future::BoxFuture<'a, StoreResult<()>>
       + Send
       + 'static {
    move |tx, reason, now| {
        Box::pin(async move {
            tx.finish_unsent(message_id, "failed", None, &reason, now)
                .await
        })
    }
}
