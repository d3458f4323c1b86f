//! The standing `check_status` job: sent messages still without a final
//! status some minutes after their send are looked up at Twilio (`GET
//! Messages/{Sid}.json`), because some carriers never send a delivery
//! receipt and a status callback can be lost. Each message is looked up again
//! at growing intervals until its status is final or its lookups are spent.
//! One job sweeps them all and reschedules itself, so a text pays for its
//! lookup with one indexed column, not a job of its own.

use futures_util::stream::{self, StreamExt};
use serde_json::json;

use super::{Health, Outbox};
use crate::bridge::status;
use crate::domain::message::is_final_status;
use crate::domain::trace::{status_hop, HopKind};
use crate::providers::credentials::TwilioAuth;
use crate::providers::twilio::TwilioMessage;
use crate::providers::CallError;
use crate::storage::{Job, MessageRef, StatusCheck, StoreResult};

/// Lookups per message: at 1, 3, 9, 27 and 81 times the first delay (with
/// the default of 5 minutes, the last is about seven hours after the send).
const MAX_CHECKS: i64 = 5;
/// Messages looked up per run, and at once; a run stays well within its lease.
const BATCH: i64 = 20;
const AT_ONCE: usize = 5;

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let after = outbox.retry.status_check_after.as_millis() as i64;
    // Sandbox messages are looked up at the simulator, the others at Twilio,
    // each while its mode is on.
    let sandbox = outbox.credentials.sandbox_active();
    let due = outbox.store.due_status_checks(now, BATCH, sandbox).await?;
    if due.is_empty() {
        let next = outbox.store.next_status_check(sandbox).await?;
        let at = next
            .map_or(now + after, |at| at.min(now + after))
            .max(now + 100);
        return reschedule(outbox, job, at).await.map(|_| Health::NotCalled);
    }
    let Some(auth) = outbox.credentials.twilio_for(sandbox) else {
        return reschedule(outbox, job, now + after)
            .await
            .map(|_| Health::NotCalled);
    };
    let looked_up: Vec<(StatusCheck, Result<TwilioMessage, CallError>)> = stream::iter(due)
        .map(|check| lookup(outbox, &auth, check))
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let unreachable = looked_up
        .iter()
        .filter(|(_, result)| matches!(result, Err(e) if !matches!(e, CallError::Rejected { .. })))
        .count();
    let all_unreachable = unreachable == looked_up.len();
    let full_batch = looked_up.len() as i64 == BATCH;
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                for (check, result) in looked_up {
                    let checks = check.checks + 1;
                    let next = now + after.saturating_mul(3i64.saturating_pow(checks as u32));
                    match result {
                        Ok(found) => {
                            let code = found.error_code.filter(|c| *c != 0).map(|c| c.to_string());
                            let done = is_final_status(&found.status) || checks >= MAX_CHECKS;
                            let (status, text) = (&found.status, found.error_message.as_deref());
                            let applied =
                                status::apply(tx, check.message_id, status, code.as_deref(), text, now)
                                    .await?;
                            let hop = status_hop(
                                HopKind::StatusLookup,
                                status,
                                code.as_deref(),
                                text,
                                now,
                            )
                            .with(|d| {
                                d.note = Some(format!(
                                    "Looked up at Twilio (lookup {checks}): no final status callback had come{}",
                                    if applied { "" } else { "; nothing new" }
                                ));
                            });
                            tx.trace(MessageRef::Id(check.message_id), hop);
                            let next = (!done).then_some(next);
                            tx.record_status_check(check.message_id, checks, next)
                                .await?;
                        }
                        // Twilio does not know it (or refuses to say): nothing to learn.
                        Err(CallError::Rejected { .. }) => {
                            tx.record_status_check(check.message_id, checks, None)
                                .await?;
                        }
                        // Unreachable: the same message is due again next run.
                        Err(_) => {}
                    }
                }
                Ok(())
            })
        })
        .await?;
    // More may be due at once; after a failure, give Twilio a moment.
    let at = if all_unreachable {
        now + outbox.retry.delay(1).as_millis() as i64
    } else if full_batch {
        now
    } else {
        now + 100
    };
    reschedule(outbox, job, at).await?;
    Ok(if all_unreachable {
        Health::Unavailable { retry_after: None }
    } else {
        Health::Answered
    })
}

async fn lookup(
    outbox: &Outbox,
    auth: &TwilioAuth,
    check: StatusCheck,
) -> (StatusCheck, Result<TwilioMessage, CallError>) {
    let found = outbox.twilio.fetch_message(auth, &check.twilio_sid).await;
    (check, found)
}

/// The sweep never ends: it runs again at `at`.
async fn reschedule(outbox: &Outbox, job: Job, at: i64) -> StoreResult<()> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move { tx.reschedule_job(&job, at, &json!({}), now).await })
        })
        .await?;
    Ok(())
}
