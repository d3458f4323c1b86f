//! Runs a `check_status` job: a sent message still without a final status
//! some minutes after its send is looked up at Twilio (`GET
//! Messages/{Sid}.json`), because some carriers never send a delivery receipt
//! and a status callback can be lost. It looks again at growing intervals
//! until the status is final or the checks are spent.

use serde_json::json;

use super::{complete, retry_or_give_up, Health, Outbox};
use crate::bridge::status;
use crate::domain::message::is_final_status;
use crate::providers::CallError;
use crate::storage::{Job, StoreResult};

/// Lookups per message: at 1, 3, 9, 27 and 81 times the first delay (with
/// the default of 5 minutes, the last is about ten hours after the send).
const MAX_CHECKS: u64 = 5;

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let message = match job.message_id {
        Some(id) => outbox.store.message(id).await?,
        None => None,
    };
    let Some((message_id, sid)) = message
        .filter(|m| !m.twilio_status.as_deref().is_some_and(is_final_status))
        .and_then(|m| Some((m.id, m.twilio_sid?)))
    else {
        return complete(outbox, job).await;
    };
    let Some(auth) = outbox.credentials.twilio() else {
        let error = CallError::NotConfigured("Twilio credentials are not configured".into());
        return retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await;
    };
    match outbox.twilio.fetch_message(&auth, &sid).await {
        Ok(found) => {
            let checks = job.payload["checks"].as_u64().unwrap_or(0) + 1;
            let settled = is_final_status(&found.status) || checks >= MAX_CHECKS;
            let now = outbox.clock.now_ms();
            let next = now + next_delay(outbox, checks);
            let code = found.error_code.filter(|c| *c != 0).map(|c| c.to_string());
            outbox
                .store
                .write(move |tx| {
                    Box::pin(async move {
                        status::apply(
                            tx,
                            message_id,
                            &found.status,
                            code.as_deref(),
                            found.error_message.as_deref(),
                            now,
                        )
                        .await?;
                        if settled {
                            tx.complete_job(&job, now).await
                        } else {
                            tx.reschedule_job(&job, next, &json!({ "checks": checks }), now)
                                .await
                        }
                    })
                })
                .await?;
            Ok(Health::Answered)
        }
        // Twilio does not know the message (deleted there): nothing to learn.
        Err(CallError::Rejected { status: 404, .. }) => {
            complete(outbox, job).await?;
            Ok(Health::Answered)
        }
        Err(error) => {
            retry_or_give_up(outbox, job, error, |_, _, _| Box::pin(async { Ok(()) })).await
        }
    }
}

/// Milliseconds from the `checks`-th lookup to the next one.
fn next_delay(outbox: &Outbox, checks: u64) -> i64 {
    let first = outbox.retry.status_check_after.as_millis() as i64;
    first.saturating_mul(3i64.saturating_pow(checks as u32))
}
