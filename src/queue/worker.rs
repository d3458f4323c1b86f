//! One worker per provider: claims due jobs (each with a lease), runs up to
//! `concurrency` at once, and sleeps until the next job falls due, new work is
//! signalled, or its heartbeat is due.
//!
//! Leases: a run that does not record its outcome within its lease (it hangs,
//! its write fails, it panics) is stopped and its job put back at the head of
//! its lane, attempt counted and reason kept, so the contact's later texts
//! follow it instead of waiting for a restart. Jobs left `running` by a worker
//! that died are found by their expired lease. A run is stopped no later than
//! its lease ends, and every write goes through the one writer in order, so
//! a job taken back can never be finished by its old run.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::Instrument;

use super::breaker::Breaker;
use super::health::HEARTBEAT;
use super::supervisor::panic_message;
use super::{
    alert_send, bot_toggle, forward, repoint, sandbox_gate, send, status_check, survey_sweep,
    Health, Outbox,
};
use crate::domain::trace::{Hop, HopKind, HopStatus};
use crate::storage::{ClaimedJob, Job, JobKind, MessageRef, Provider, StoreResult};

/// A job's run ended; `id` is the job's.
struct Ended {
    id: i64,
    health: Health,
}

/// Runs until `shutdown` turns true, then lets running jobs finish.
pub async fn run(outbox: Outbox, provider: Provider, mut shutdown: watch::Receiver<bool>) {
    let mut running: JoinSet<Ended> = JoinSet::new();
    let mut live: HashSet<i64> = HashSet::new();
    let mut breaker = Breaker::with_longest_pause(outbox.retry.max_breaker_pause);
    let reap_every = (outbox.retry.lease / 4).clamp(
        std::time::Duration::from_millis(100),
        std::time::Duration::from_secs(15),
    );
    let mut next_reap = tokio::time::Instant::now();
    loop {
        if *shutdown.borrow() {
            break;
        }
        outbox.faults.strike(provider);
        outbox.health.beat(provider);
        while let Some(done) = running.try_join_next() {
            observe(&outbox, provider, &mut breaker, &mut live, done).await;
        }
        if tokio::time::Instant::now() >= next_reap {
            reap(&outbox, provider, &live).await;
            next_reap = tokio::time::Instant::now() + reap_every;
        }
        let now = outbox.clock.now_ms();
        let capacity = breaker
            .capacity(now, outbox.retry.concurrency)
            .saturating_sub(running.len());
        let mut next_wake = breaker.paused_until(now);
        if capacity > 0 {
            match claim(&outbox, provider, now, capacity as i64).await {
                Ok(jobs) if !jobs.is_empty() => {
                    for claimed in jobs {
                        live.insert(claimed.0.id);
                        let span = job_span(&claimed.0);
                        running.spawn(run_leased(outbox.clone(), claimed).instrument(span));
                    }
                    continue;
                }
                Ok(_) => {
                    next_wake = outbox
                        .store
                        .next_due(provider)
                        .await
                        .unwrap_or(Some(now + 1000))
                }
                Err(e) => {
                    tracing::error!(provider = provider.as_str(), error = %e, "could not claim jobs");
                    next_wake = Some(now + 1000);
                }
            }
        }
        let sleep = async {
            match next_wake {
                Some(at) => outbox.clock.sleep_until_ms(at).await,
                None => std::future::pending().await,
            }
        };
        let beat = tokio::time::sleep_until(next_reap.min(tokio::time::Instant::now() + HEARTBEAT));
        tokio::select! {
            _ = outbox.work_signal(provider).notified() => {}
            _ = sleep => {}
            _ = beat => {}
            Some(done) = running.join_next(), if !running.is_empty() => {
                observe(&outbox, provider, &mut breaker, &mut live, done).await;
            }
            _ = shutdown.changed() => {}
        }
    }
    while let Some(done) = running.join_next().await {
        observe(&outbox, provider, &mut breaker, &mut live, done).await;
    }
}

async fn observe(
    outbox: &Outbox,
    provider: Provider,
    breaker: &mut Breaker,
    live: &mut HashSet<i64>,
    done: Result<Ended, tokio::task::JoinError>,
) {
    // Runs catch their own panics, so a join error is a cancellation.
    let health = match done {
        Ok(ended) => {
            live.remove(&ended.id);
            ended.health
        }
        Err(e) => {
            tracing::error!(error = %e, "a job task ended without reporting; its lease brings it back");
            Health::NotCalled
        }
    };
    let now = outbox.clock.now_ms();
    if breaker.observe(health, now) {
        tracing::info!(
            provider = provider.as_str(),
            "provider is answering again; resuming the backlog"
        );
        let recovered = outbox
            .store
            .write(move |tx| Box::pin(async move { tx.hurry_backed_off_jobs(provider, now).await }))
            .await;
        if let Err(e) = recovered {
            tracing::error!(error = %e, "could not bring backed-off jobs forward");
        }
    } else if let Some(until) = breaker.paused_until(now) {
        tracing::debug!(
            provider = provider.as_str(),
            paused_ms = until - now,
            "provider unavailable; pausing"
        );
    }
}

/// Claims due jobs; a send is marked as started in the same commit, so that
/// after a crash it is reconciled with Twilio instead of sent twice.
async fn claim(
    outbox: &Outbox,
    provider: Provider,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<ClaimedJob>> {
    let lease_until = now + outbox.retry.lease.as_millis() as i64;
    let (jobs, _) = outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                let jobs = tx.claim_jobs(provider, now, limit, lease_until).await?;
                let sends: Vec<i64> = jobs
                    .iter()
                    .filter(|(job, _)| job.kind == JobKind::SendSms)
                    .filter_map(|(job, _)| job.message_id)
                    .collect();
                tx.mark_send_started(&sends, now).await?;
                Ok(jobs)
            })
        })
        .await?;
    Ok(jobs)
}

/// Jobs still `running` past their lease that no run of this worker holds
/// (their worker died, or their release could not be written) go back to
/// their lanes.
async fn reap(outbox: &Outbox, provider: Provider, live: &HashSet<i64>) {
    // A grace beyond the lease: another instance's clock may run behind
    // ours, and its run stops only when *its* clock reaches the lease's end.
    let grace = (outbox.retry.lease / 4).min(std::time::Duration::from_secs(10));
    let ended_by = outbox.clock.now_ms() - grace.as_millis() as i64;
    let expired = match outbox.store.expired_leases(provider, ended_by).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::error!(error = %e, "could not look for expired leases");
            return;
        }
    };
    let orphans: Vec<i64> = expired
        .into_iter()
        .filter(|id| !live.contains(id))
        .collect();
    if orphans.is_empty() {
        return;
    }
    let reason = "its lease ran out before its outcome was recorded; running it again";
    let ids = orphans.clone();
    match outbox
        .store
        .write(move |tx| {
            Box::pin(async move { tx.reap_expired_leases(&ids, reason, ended_by).await })
        })
        .await
    {
        Ok((count, _)) if count > 0 => {
            tracing::warn!(provider = provider.as_str(), jobs = count, ids = ?orphans, "took back jobs whose lease ran out");
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "could not take back jobs whose lease ran out"),
    }
}

/// Every log line of a job's run names the job and, for work a request
/// started (an inbound text and what follows it), that request's id.
fn job_span(job: &Job) -> tracing::Span {
    tracing::info_span!(
        "job",
        id = job.id,
        kind = job.kind.as_str(),
        request_id = job.request_id.as_ref().map(|id| id.as_str()),
    )
}

/// Runs one claimed job within its lease. A run that cannot record how it
/// ended releases its job for another attempt.
async fn run_leased(outbox: Outbox, claimed: ClaimedJob) -> Ended {
    let job = claimed.0.clone();
    let lease = outbox.retry.lease;
    let run = AssertUnwindSafe(execute(&outbox, claimed)).catch_unwind();
    let problem = match tokio::time::timeout(lease, run).await {
        Ok(Ok(Ok(health))) => return Ended { id: job.id, health },
        Ok(Ok(Err(e))) => format!("its outcome could not be recorded: {e}"),
        Ok(Err(panic)) => format!("it panicked: {}", panic_message(panic)),
        Err(_) => format!(
            "it did not finish within its lease of {} ms and was stopped",
            lease.as_millis()
        ),
    };
    release(&outbox, job.clone(), problem).await;
    Ended {
        id: job.id,
        health: Health::NotCalled,
    }
}

/// Puts a job whose run went wrong back at the head of its lane, after the
/// backoff its attempts have earned.
async fn release(outbox: &Outbox, job: Job, problem: String) {
    let now = outbox.clock.now_ms();
    let run_at = now + outbox.retry.delay(job.attempts).as_millis() as i64;
    tracing::error!(
        job = job.id,
        kind = job.kind.as_str(),
        attempt = job.attempts,
        problem,
        "a job run went wrong; it will run again"
    );
    let (id, reason) = (job.id, format!("attempt {}: {problem}", job.attempts));
    let hop = released_hop(&job, &problem, run_at, now);
    let released = outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                let released = tx.release_job(&job, run_at, &reason, now).await?;
                if let (true, Some(hop), Some(message)) = (released, hop, job.message_id) {
                    tx.trace(MessageRef::Id(message), hop);
                }
                Ok(released)
            })
        })
        .await;
    if let Err(e) = released {
        tracing::error!(job = id, error = %e, "could not release the job; its lease brings it back");
    }
}

/// A message's attempt that went wrong this way shows in its trace.
fn released_hop(job: &Job, problem: &str, run_at: i64, now: i64) -> Option<Hop> {
    let kind = match job.kind {
        JobKind::ForwardToBot => HopKind::ForwardedToBot,
        JobKind::SendSms => HopKind::SentToTwilio,
        _ => return None,
    };
    Some(Hop::new(kind, HopStatus::Failed, now).with(|d| {
        d.attempt = Some(job.attempts);
        d.error = Some(format!("The attempt went wrong on our side: {problem}"));
        d.retry_at = Some(run_at);
    }))
}

async fn execute(outbox: &Outbox, (job, unknown_kind): ClaimedJob) -> StoreResult<Health> {
    if unknown_kind.is_none() && sandbox_gate::out_of_mode(outbox, &job) {
        return sandbox_gate::settle(outbox, job).await;
    }
    match unknown_kind {
        Some(kind) => fail_unknown(outbox, job, kind).await,
        None => match job.kind {
            JobKind::ForwardToBot => forward::run(outbox, job).await,
            JobKind::SendSms => send::run(outbox, job).await,
            JobKind::SetBotEnabled => bot_toggle::run(outbox, job).await,
            JobKind::CheckStatus => status_check::run(outbox, job).await,
            JobKind::RepointSource => repoint::run(outbox, job).await,
            JobKind::SendAlertEmail | JobKind::SendAlertSms => alert_send::run(outbox, job).await,
            JobKind::SurveySweep => survey_sweep::run(outbox, job).await,
        },
    }
}

async fn fail_unknown(outbox: &Outbox, job: Job, kind: String) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                tx.fail_job(&job, &format!("unknown job kind `{kind}`"), now)
                    .await
            })
        })
        .await?;
    Ok(Health::NotCalled)
}
