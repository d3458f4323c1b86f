//! The other small writes, each in a write of its own: each must run on
//! both engines (what they do is the API tests' business).

use super::{Failures, NOW};
use crate::domain::message::ConversationMode;
use crate::storage::{BackfillCursor, CursorAt, JobKind, NewJob, Provider, Store};

/// One write running `$call` on `tx`, recorded as a step.
macro_rules! write_step {
    ($failures:expr, $store:expr, $name:literal, |$tx:ident| $call:expr) => {
        step!(
            $failures,
            $name,
            $store
                .write(move |$tx| Box::pin(async move { $call.await }))
                .await
        )
    };
}

pub(super) async fn every_small_write(store: &Store, contact_id: &str, failures: &mut Failures) {
    let cursor = CursorAt {
        position: NOW,
        after: 1,
    };
    write_step!(failures, store, "ensure_standing_job", |tx| tx
        .ensure_standing_job(JobKind::CheckStatus, NOW, NOW));
    write_step!(failures, store, "wake_route_jobs", |tx| tx
        .wake_route_jobs("r1", NOW));
    write_step!(failures, store, "hurry_backed_off_jobs", |tx| tx
        .hurry_backed_off_jobs(Provider::Twilio, NOW));
    write_step!(failures, store, "retry_failed_job", |tx| tx
        .retry_failed_job(1, NOW));
    write_step!(failures, store, "requeue_abandoned_jobs", |tx| tx
        .requeue_abandoned_jobs(NOW));
    write_step!(failures, store, "set_csat_cursor", |tx| tx
        .set_csat_cursor("quiet:r1", cursor));
    write_step!(failures, store, "forget_quiet_cursor", |tx| tx
        .forget_quiet_cursor("r1"));
    write_step!(failures, store, "created_source_ids", |tx| tx
        .created_source_ids());
    write_step!(failures, store, "set_alert_cursor", |tx| tx
        .set_alert_cursor(1, NOW));
    write_step!(failures, store, "finish_alert_batch", |tx| tx
        .finish_alert_batch("email", 1));
    write_step!(failures, store, "contact_by_phone", |tx| tx
        .contact_by_phone("+12025550123"));
    write_step!(failures, store, "beat", |tx| tx.beat("writer", NOW));
    write_step!(failures, store, "delete_session", |tx| tx
        .delete_session("nope"));
    write_step!(failures, store, "route_by_number", |tx| tx
        .route_by_number("+12025550100"));
    write_step!(failures, store, "route_even_deleted", |tx| tx
        .route_even_deleted("r1"));
    write_step!(failures, store, "note_login", |tx| tx
        .note_login("nobody", NOW));
    write_step!(failures, store, "set_sandbox_mode", |tx| tx
        .set_sandbox_mode(false, NOW));
    write_step!(failures, store, "end_sandbox_work", |tx| tx
        .end_sandbox_work(NOW));
    write_step!(failures, store, "delete_setting", |tx| tx
        .delete_setting("a"));
    for name in [
        "last_message_id",
        "customer_has_texted",
        "latest_survey",
        "mark_read",
        "set_mode",
    ] {
        let id = contact_id.to_owned();
        let done = store
            .write(move |tx| {
                Box::pin(async move {
                    match name {
                        "last_message_id" => tx.last_message_id(&id).await.map(drop),
                        "customer_has_texted" => tx.customer_has_texted(&id).await.map(drop),
                        "latest_survey" => tx.latest_survey(&id).await.map(drop),
                        "mark_read" => tx.mark_read(&id).await.map(drop),
                        _ => tx
                            .set_mode(&id, ConversationMode::Human, NOW)
                            .await
                            .map(drop),
                    }
                })
            })
            .await;
        if let Err(error) = done {
            failures.push(format!("{name}: {error}"));
        }
    }
    let id = contact_id.to_owned();
    write_step!(failures, store, "drop_csat_candidate", |tx| tx
        .drop_csat_candidate(&id));
}

/// One job through every turn a worker gives it, the route edited, the
/// message writes of the queue's executors and a chunk of the analytics backfill.
pub(super) async fn job_and_message_turns(
    store: &Store,
    contact_id: &str,
    message_id: i64,
    failures: &mut Failures,
) {
    let id = contact_id.to_owned();
    let turns = store
        .write(move |tx| {
            Box::pin(async move {
                let job = NewJob {
                    kind: JobKind::ForwardToBot,
                    contact_id: &id,
                    message_id: Some(message_id),
                    route_id: Some("r1"),
                    payload: serde_json::json!({}),
                    run_at: NOW,
                    request_id: None,
                };
                tx.enqueue(job, NOW).await?;
                let lease = NOW + 60_000;
                let claim = async |tx: &mut crate::storage::Tx| {
                    let claimed = tx.claim_jobs(Provider::Closebot, NOW, 1, lease).await?;
                    Ok::<_, crate::storage::StoreError>(
                        claimed.into_iter().next().map(|(job, _)| job),
                    )
                };
                let job = claim(tx).await?.expect("the job");
                tx.release_job(&job, NOW, "released", NOW).await?;
                let job = claim(tx).await?.expect("the job again");
                tx.reschedule_job(&job, NOW, &serde_json::json!({}), NOW)
                    .await?;
                let job = claim(tx).await?.expect("the job rescheduled");
                tx.defer_job(&job, NOW, NOW).await?;
                let job = claim(tx).await?.expect("the job deferred");
                tx.retry_job(&job, NOW, ("retry", true), NOW).await?;
                let job = claim(tx).await?.expect("the job retried");
                tx.fail_job(&job, "failed", NOW).await?;
                let retried = tx.retry_failed_job(job.id, NOW).await?;
                let job = claim(tx).await?.expect("the failed job retried");
                let reaped = tx.reap_expired_leases(&[job.id], "reaped", lease).await?;
                Ok(retried && reaped == 1)
            })
        })
        .await;
    if let Some((retried, _)) = step!(failures, "a job's turns", turns) {
        assert!(retried);
    }
    let id = contact_id.to_owned();
    let written = store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_forward_state(message_id, "forwarded", NOW).await?;
                tx.remember_early_status("SM9", "delivered", None, None, NOW)
                    .await?;
                tx.cancel_unsent_outbound(&id, "canceled", NOW).await?;
                tx.update_route("r1", &super::route_input(), NOW).await
            })
        })
        .await;
    step!(
        failures,
        "the executors' message writes and a route edit",
        written
    );
    step!(
        failures,
        "backfill_analytics_chunk",
        store
            .backfill_analytics_chunk(BackfillCursor::default(), 100, NOW)
            .await
    );
}
