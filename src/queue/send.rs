//! Runs a `send_sms` job: one outbound message through Twilio's REST API.

use super::attempt::Attempt;
use super::reconcile;
use super::{complete, retry_traced, Health, Outbox};
use crate::bridge::audience::audience;
use crate::bridge::csat::survey_not_sent;
use crate::bridge::events::{on_route, status_change, StatusFacts};
use crate::bridge::outbound::TEXT_AT;
use crate::bridge::status::mark_opted_out_by_twilio;
use crate::bridge::trace::verdict_hop;
use crate::domain::eligibility::{may_text, Automatic, Purpose, Verdict};
use crate::domain::message::{is_final_status, status_may_advance, Source};
use crate::domain::trace::{Hop, HopKind};
use crate::domain::twilio_errors::OPTED_OUT;
use crate::providers::twilio::{OutboundSms, TwilioMessage};
use crate::providers::CallError;
use crate::storage::{Contact, Job, Message, MessageRef, StoreResult};

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
    let verdict = may_text(purpose, &to);
    let not_sent = verdict_hop(HopKind::SentToTwilio, verdict, &contact, now);
    match verdict {
        Verdict::Withhold(why) => {
            let unsent = unsent(why.reason(), None);
            return cancel(outbox, job, &message, &contact, unsent, not_sent).await;
        }
        // Only a survey waits for opening hours on its way out; it must not
        // hold up the contact's other texts, so it is asked again at opening.
        Verdict::Hold { until } if purpose == SURVEY => {
            let retry_at = until.unwrap_or(now + 24 * 3_600_000);
            let held = unsent(SURVEY_CLOSED, Some(retry_at));
            return cancel(outbox, job, &message, &contact, held, not_sent).await;
        }
        Verdict::Hold { .. } | Verdict::Send => {}
    }
    let attempt = Attempt::start(outbox, HopKind::SentToTwilio);
    let Some(auth) = outbox.credentials.twilio_for(job.sandbox) else {
        let error = CallError::NotConfigured("Twilio credentials are not configured".into());
        return retry_traced(outbox, job, error, Some(attempt), give_up(message_id)).await;
    };
    // A previous attempt may have reached Twilio before a crash or timeout:
    // look for it before sending again.
    if job.attempts > 1 {
        match reconcile::already_sent(outbox, &auth, &message).await {
            Ok(Some(found)) => {
                let hop = attempt.succeeded(&job, None).with(|d| {
                    d.note = Some("Found at Twilio: an earlier attempt had reached it, so it was not sent again".into());
                });
                return record_sent(outbox, job, &message, &contact, found, hop).await;
            }
            Ok(None) => {}
            Err(error) => {
                return retry_traced(outbox, job, error, Some(attempt), give_up(message_id)).await
            }
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
        Ok(sent) => {
            let hop = attempt.succeeded(&job, sent.http_status);
            record_sent(outbox, job, &message, &contact, sent, hop).await
        }
        Err(CallError::Rejected {
            code,
            message: text,
            status,
        }) => {
            let label = code.clone().unwrap_or_else(|| status.to_string());
            outbox.store.metrics().provider_failure("twilio", &label);
            let error = CallError::Rejected {
                code: code.clone(),
                message: text.clone(),
                status,
            };
            let refused = attempt.failed(&job, &error, None);
            let text = format!("{text} (HTTP {status})");
            reject(outbox, job, message_id, contact, code, text, refused).await
        }
        Err(error) => retry_traced(outbox, job, error, Some(attempt), give_up(message_id)).await,
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

async fn record_sent(
    outbox: &Outbox,
    job: Job,
    message: &Message,
    contact: &Contact,
    sent: TwilioMessage,
    hop: Hop,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let hop = hop.with(|d| {
        d.twilio_sid = Some(sent.sid.clone());
        d.twilio_status = Some(sent.status.clone());
    });
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
    let (sid, text_at) = (sent.sid.clone(), job.payload[TEXT_AT].as_i64());
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.trace(MessageRef::Id(message_id), hop);
                tx.record_sent(message_id, &sent.sid, &sent.status, job.id, check_at, now)
                    .await?;
                tx.record_event(event, now).await
            })
        })
        .await?;
    tracing::info!(message_id, sid, "handed the text to Twilio");
    if let Some(text_at) = text_at {
        let took = u64::try_from(now - text_at).unwrap_or_default();
        outbox
            .store
            .metrics()
            .round_trip(std::time::Duration::from_millis(took));
    }
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
    hop: Hop,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.trace(MessageRef::Id(message_id), hop);
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
    hop: Hop,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let message_id = message.id;
    let contact = contact.clone();
    let reason = unsent.reason;
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.trace(MessageRef::Id(message_id), hop);
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
