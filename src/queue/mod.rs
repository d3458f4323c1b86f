//! The delivery worker: runs the durable outbox's jobs against Twilio and
//! CloseBot, retries with backoff and jitter, and keeps each contact's jobs
//! in order (see `storage::jobs`).

mod alert_send;
pub mod alert_watch;
mod attempt;
mod bot_toggle;
mod breaker;
mod forward;
mod forward_check;
pub mod health;
mod outbox;
mod reconcile;
mod repoint;
mod sandbox_gate;
mod send;
mod status_check;
pub mod supervisor;
mod survey_sweep;
pub mod worker;

pub use forward::RouteSlots;
pub use health::Faults;
pub use outbox::{Outbox, Parts};

use std::time::Duration;

use rand::Rng;

use crate::providers::CallError;
use crate::storage::{Job, MessageRef, StoreResult, Tx};

/// How failing jobs are retried.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Delay after the first failure; doubles with each further one.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// After this many attempts a job ends `failed`, with its last error.
    pub max_attempts: i64,
    /// Jobs run at once per provider.
    pub concurrency: usize,
    /// Longest pause of a provider's circuit breaker between probes.
    pub max_breaker_pause: Duration,
    /// How long a claimed job is its run's: a run still going after this is
    /// stopped and the job runs again (the contact's later texts follow it).
    /// Longer than any run can take (two provider calls of 15 s at most).
    pub lease: Duration,
    /// A sent message without a final status this long after its send is
    /// looked up at Twilio (then again at growing intervals).
    pub status_check_after: Duration,
    /// How often the satisfaction-survey sweep looks for contacts due one
    /// (often enough for a one-minute quiet time).
    pub survey_sweep_every: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        // 2 s doubling to 15 min: 20 attempts span about three hours.
        Self {
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(15 * 60),
            max_attempts: 20,
            concurrency: 16,
            max_breaker_pause: Duration::from_secs(60),
            lease: Duration::from_secs(120),
            status_check_after: Duration::from_secs(5 * 60),
            survey_sweep_every: Duration::from_secs(15),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff with "equal jitter": between half and all of
    /// `base · 2^(attempt-1)`, capped, so retries of many jobs spread out.
    pub fn delay(&self, attempt: i64) -> Duration {
        let exponent = attempt.clamp(1, 40) as u32 - 1;
        let full = self
            .base_delay
            .checked_mul(2u32.saturating_pow(exponent))
            .unwrap_or(self.max_delay)
            .min(self.max_delay);
        let half = full / 2;
        half + full
            .saturating_sub(half)
            .mul_f64(rand::thread_rng().gen_range(0.0..=1.0))
    }
}

/// How a job run ended, as far as the provider's health is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    /// The provider answered (success, or a definitive refusal).
    Answered,
    /// It could not be reached or asked us to slow down.
    Unavailable { retry_after: Option<Duration> },
    /// The job did not call the provider.
    NotCalled,
}

impl Health {
    fn of(error: &CallError) -> Self {
        match error {
            CallError::Rejected { .. } => Health::Answered,
            CallError::Transient { retry_after, .. } => Health::Unavailable {
                retry_after: *retry_after,
            },
            CallError::NotConfigured(_) | CallError::Unauthorized { .. } => {
                Health::Unavailable { retry_after: None }
            }
        }
    }
}

/// The provider refused a job's call for good: counted, whatever the job
/// makes of it.
fn count_refusal(outbox: &Outbox, job: &Job, error: &CallError) {
    outbox
        .store
        .metrics()
        .provider_failure(job.kind.provider().as_str(), &error.code());
}

/// The job needs nothing more (done, or nothing left to do): remove it.
async fn complete(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| Box::pin(async move { tx.complete_job(&job, now).await }))
        .await?;
    Ok(Health::NotCalled)
}

/// Records a failed attempt: a retry later, or the end of the job once its
/// attempts are spent (then `give_up` marks what it was for as failed).
async fn retry_or_give_up<F>(
    outbox: &Outbox,
    job: Job,
    error: CallError,
    give_up: F,
) -> StoreResult<Health>
where
    F: for<'a> FnOnce(
            &'a mut Tx,
            String,
            i64,
        ) -> futures_util::future::BoxFuture<'a, StoreResult<()>>
        + Send
        + 'static,
{
    retry_traced(outbox, job, error, None, give_up).await
}

/// `retry_or_give_up`, noting the attempt in the trace of the job's message.
async fn retry_traced<F>(
    outbox: &Outbox,
    job: Job,
    error: CallError,
    attempt: Option<attempt::Attempt>,
    give_up: F,
) -> StoreResult<Health>
where
    F: for<'a> FnOnce(
            &'a mut Tx,
            String,
            i64,
        ) -> futures_util::future::BoxFuture<'a, StoreResult<()>>
        + Send
        + 'static,
{
    let health = Health::of(&error);
    let now = outbox.clock.now_ms();
    let run_at = now + outbox.retry.delay(job.attempts).as_millis() as i64;
    let exhausted = job.attempts >= outbox.retry.max_attempts;
    let reason = error.to_string();
    let in_doubt = matches!(error, CallError::Transient { in_doubt: true, .. });
    tracing::warn!(job = job.id, kind = job.kind.as_str(), attempt = job.attempts, exhausted, error = %reason, "job attempt failed");
    let hop = attempt.map(|a| a.failed(&job, &error, (!exhausted).then_some(run_at)));
    let (metrics, provider) = (outbox.store.metrics(), job.kind.provider().as_str());
    if exhausted {
        metrics.provider_failure(provider, &error.code());
    } else {
        metrics.provider_retry(provider, &error.code());
    }
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                if let (Some(hop), Some(id)) = (hop, job.message_id) {
                    tx.trace(MessageRef::Id(id), hop);
                }
                if exhausted {
                    let final_error = format!("gave up after {} attempts: {reason}", job.attempts);
                    tx.fail_job(&job, &final_error, now).await?;
                    give_up(tx, final_error, now).await
                } else {
                    tx.retry_job(&job, run_at, (&reason, in_doubt), now).await
                }
            })
        })
        .await?;
    Ok(health)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default();
        for attempt in 1..=30 {
            let full = (2u64 << (attempt - 1).min(20)).min(900);
            let d = policy.delay(attempt).as_secs_f64();
            assert!(
                d >= full as f64 / 2.0 - 0.001 && d <= full as f64 + 0.001,
                "attempt {attempt}: {d}"
            );
        }
        let spread: std::collections::HashSet<u128> =
            (0..20).map(|_| policy.delay(5).as_millis()).collect();
        assert!(spread.len() > 1, "jitter should vary delays");
    }
}
