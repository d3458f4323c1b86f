//! Runs a `send_sms` job: one outbound message through Twilio's REST API.

use super::{complete, retry_or_give_up, Health, Outbox};
use crate::bridge::audience::audience;
use crate::bridge::csat::survey_not_sent;
use crate::bridge::events::{on_route, status_change, StatusFacts};
use crate::bridge::status::mark_opted_out_by_twilio;
use crate::domain::eligibility::{may_text, Automatic, Purpose, Verdict};
use crate::domain::message::{is_final_status, status_may_advance, Source};
use crate::domain::twilio_errors::OPTED_OUT;
use crate::providers::credentials::TwilioAuth;
use crate::providers::twilio::{OutboundSms, TwilioMessage};
use crate::providers::CallError;
use crate::storage::{Contact, Job, Message, StoreResult};

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let Some(message_id) = job.message_id else {
        return complete(outbox, job).await;
    };
    let Some((message, contact)) = outbox.store.message_with_contact(message_id).await? else {
        return complete(outbox, job).await;
    };
    // Already handed to Twilio, or ended otherwise: nothing to send.
    if message.twilio_sid.is_some()
        || message
            .twilio_status
            .as_deref()
            .is_some_and(is_final_status)
    {
        return complete(outbox, job).await;
    }

    // Things may have changed while the text waited: ask the rule again.
    let route = message
        .route_id
        .as_deref()
        .and_then(|id| outbox.store.route_even_deleted(id));
    let now = outbox.clock.now_ms();
    let to = audience(&contact, route.as_ref(), now);
    let purpose = purpose(&job, &message);
    let unsent = |reason, retry_at| Unsent {
        purpose,
        reason,
        retry_at,
    };
    match may_text(purpose, &to) {
        Verdict::Withhold(why) => {
            return cancel(outbox, job, &message, &contact, unsent(why.reason(), None)).await;
        }
        // Only a survey waits for opening hours on its way out; it must not
        // hold up the contact's other texts, so it is asked again at opening.
        Verdict::Hold { until } if purpose == SURVEY => {
            let retry_at = until.unwrap_or(now + 24 * 3_600_000);
            let held = unsent(SURVEY_CLOSED, Some(retry_at));
            return cancel(outbox, job, &message, &contact, held).await;
        }
        Verdict::Hold { .. } | Verdict::Send => {}
    }
    let Some(auth) = outbox.credentials.twilio_for(job.sandbox) else {
        let error = CallError::NotConfigured("Twilio credentials are not configured".into());
        return retry_or_give_up(outbox, job, error, give_up(message_id)).await;
    };
    // A previous attempt may have reached Twilio before a crash or timeout:
    // look for it before sending again.
    if job.attempts > 1 {
        match already_sent(outbox, &auth, &message).await {
            Ok(Some(found)) => return record_sent(outbox, job, &message, &contact, found).await,
            Ok(None) => {}
            Err(error) => return retry_or_give_up(outbox, job, error, give_up(message_id)).await,
        }
    }
    let status_callback = outbox.status_callback_url.clone();
    let sms = OutboundSms {
        to: &message.to_number,
        from: &message.from_number,
        body: &message.body,
        status_callback: Some(&status_callback),
    };
    match outbox.twilio.send_message(&auth, &sms).await {
        Ok(sent) => record_sent(outbox, job, &message, &contact, sent).await,
        Err(CallError::Rejected {
            code,
            message: text,
            status,
        }) => {
            reject(
                outbox,
                job,
                message_id,
                contact,
                code,
                format!("{text} (HTTP {status})"),
            )
            .await
        }
        Err(error) => retry_or_give_up(outbox, job, error, give_up(message_id)).await,
    }
}

const SURVEY: Purpose = Purpose::Automatic(Automatic::Survey);
const SURVEY_CLOSED: &str =
    "Not sent: the route closed before the survey went out; it is asked again when the route opens";

/// Why a text is not sent, and for a survey when to ask again.
struct Unsent {
    purpose: Purpose,
    reason: &'static str,
    retry_at: Option<i64>,
}

/// What the text is for; jobs queued before purposes were recorded said
/// only whether it was a compliance confirmation.
fn purpose(job: &Job, message: &Message) -> Purpose {
    if let Some(purpose) = job.payload["purpose"].as_str().and_then(Purpose::parse) {
        return purpose;
    }
    if job.payload["compliance"].as_bool() == Some(true) {
        return Purpose::Confirmation;
    }
    match message.source {
        Source::Bot => Purpose::Automatic(Automatic::BotReply),
        Source::Manual => Purpose::Manual,
        // Help, greeting or after-hours reply: only an opt-out stops them now.
        Source::System | Source::Customer => Purpose::Automatic(Automatic::HelpText),
    }
}

async fn already_sent(
    outbox: &Outbox,
    auth: &TwilioAuth,
    message: &Message,
) -> Result<Option<TwilioMessage>, CallError> {
    let since_ms = message.send_started_at.unwrap_or(message.created_at);
    let since = chrono::DateTime::from_timestamp_millis(since_ms).unwrap_or_default();
    let candidates = outbox
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
        match outbox.store.message_id_by_sid(&candidate.sid).await {
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
    outbox: &Outbox,
    job: Job,
    message: &Message,
    contact: &Contact,
    sent: TwilioMessage,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let status = if status_may_advance(Some("queued"), &sent.status) {
        sent.status.clone()
    } else {
        "queued".to_owned()
    };
    let change = status_change(
        contact,
        StatusFacts {
            id: message.id,
            body: Some(&message.body),
            sid: Some(&sent.sid),
            status: &status,
            error_code: None,
            error_message: None,
        },
    );
    let event = on_route(message.route_id.as_deref(), None, change);
    let message_id = message.id;
    // Unless Twilio's callbacks settle it first, its status is looked up later.
    let check_at = now + outbox.retry.status_check_after.as_millis() as i64;
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.record_sent(message_id, &sent.sid, &sent.status, job.id, check_at, now)
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
    outbox: &Outbox,
    job: Job,
    message_id: i64,
    contact: Contact,
    code: Option<String>,
    text: String,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.finish_unsent(message_id, "failed", code.as_deref(), &text, now)
                    .await?;
                if code.as_deref() == Some(OPTED_OUT) {
                    mark_opted_out_by_twilio(tx, &contact.id, None, now).await?;
                }
                tx.complete_job(&job, now).await?;
                let failed = StatusFacts {
                    id: message_id,
                    body: None,
                    sid: None,
                    status: "failed",
                    error_code: code.as_deref(),
                    error_message: Some(&text),
                };
                tx.record_event(on_route(None, None, status_change(&contact, failed)), now)
                    .await
            })
        })
        .await?;
    Ok(Health::Answered)
}

async fn cancel(
    outbox: &Outbox,
    job: Job,
    message: &Message,
    contact: &Contact,
    unsent: Unsent,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let message_id = message.id;
    let contact = contact.clone();
    let reason = unsent.reason;
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.finish_unsent(message_id, "canceled", None, reason, now)
                    .await?;
                if unsent.purpose == SURVEY {
                    survey_not_sent(tx, &contact.id, message_id, unsent.retry_at).await?;
                }
                tx.complete_job(&job, now).await?;
                let canceled = StatusFacts {
                    id: message_id,
                    body: None,
                    sid: None,
                    status: "canceled",
                    error_code: None,
                    error_message: Some(reason),
                };
                tx.record_event(on_route(None, None, status_change(&contact, canceled)), now)
                    .await
            })
        })
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
