//! Jobs of the other mode. A job made in sandbox mode may only run against
//! the simulated providers, any other only against the real ones; the
//! credentials enforce it too (`CredentialStore::twilio_for`), this settles
//! the job without an attempt: a sandbox job found after sandbox mode ended
//! is dropped (its text canceled, sent nowhere), a real job found while
//! sandbox mode is on waits.

use super::{Health, Outbox};
use crate::storage::{Job, StoreResult};

/// How long a real job waits, untried, while sandbox mode is on.
const REAL_JOB_WAIT_MS: i64 = 60_000;

/// Whether `job` belongs to the mode not in force (the standing sweeps belong to both).
pub fn out_of_mode(outbox: &Outbox, job: &Job) -> bool {
    !job.kind.is_standing() && job.sandbox != outbox.credentials.sandbox_active()
}

pub async fn settle(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    if job.sandbox {
        tracing::info!(
            job = job.id,
            kind = job.kind.as_str(),
            "sandbox mode has ended: its job is dropped"
        );
    }
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                if job.sandbox {
                    tx.end_sandbox_job(&job, now).await
                } else {
                    tx.defer_job(&job, now + REAL_JOB_WAIT_MS, now).await
                }
            })
        })
        .await?;
    Ok(Health::NotCalled)
}
