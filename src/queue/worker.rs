//! One worker per provider: claims due jobs, runs up to `concurrency` at
//! once, sleeps until the next job falls due or new work is signalled.

use tokio::sync::watch;
use tokio::task::JoinSet;

use super::breaker::Breaker;
use super::{bot_toggle, forward, send, Health};
use crate::app_state::AppState;
use crate::storage::{ClaimedJob, JobKind, Provider, StoreResult};

/// Runs until `shutdown` turns true, then lets running jobs finish.
pub async fn run(app: AppState, provider: Provider, mut shutdown: watch::Receiver<bool>) {
    let mut running: JoinSet<Health> = JoinSet::new();
    let mut breaker = Breaker::with_longest_pause(app.retry.max_breaker_pause);
    loop {
        if *shutdown.borrow() {
            break;
        }
        while let Some(done) = running.try_join_next() {
            observe(&app, provider, &mut breaker, done).await;
        }
        let now = app.clock.now_ms();
        let capacity = breaker
            .capacity(now, app.retry.concurrency)
            .saturating_sub(running.len());
        let mut next_wake = breaker.paused_until(now);
        if capacity > 0 {
            match claim(&app, provider, now, capacity as i64).await {
                Ok(jobs) if !jobs.is_empty() => {
                    for claimed in jobs {
                        running.spawn(execute(app.clone(), claimed));
                    }
                    continue;
                }
                Ok(_) => {
                    next_wake = app
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
                Some(at) => app.clock.sleep_until_ms(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = app.work_signal(provider).notified() => {}
            _ = sleep => {}
            Some(done) = running.join_next(), if !running.is_empty() => {
                observe(&app, provider, &mut breaker, done).await;
            }
            _ = shutdown.changed() => {}
        }
    }
    while let Some(done) = running.join_next().await {
        observe(&app, provider, &mut breaker, done).await;
    }
}

async fn observe(
    app: &AppState,
    provider: Provider,
    breaker: &mut Breaker,
    done: Result<Health, tokio::task::JoinError>,
) {
    let health = done.unwrap_or_else(|e| {
        tracing::error!(error = %e, "a job task panicked; its job is retried after a restart");
        Health::NotCalled
    });
    let now = app.clock.now_ms();
    if breaker.observe(health, now) {
        tracing::info!(
            provider = provider.as_str(),
            "provider is answering again; resuming the backlog"
        );
        let recovered = app
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
    app: &AppState,
    provider: Provider,
    now: i64,
    limit: i64,
) -> StoreResult<Vec<ClaimedJob>> {
    let (jobs, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let jobs = tx.claim_jobs(provider, now, limit).await?;
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

async fn execute(app: AppState, (job, unknown_kind): ClaimedJob) -> Health {
    let id = job.id;
    let result = match unknown_kind {
        Some(kind) => fail_unknown(&app, job, kind).await,
        None => match job.kind {
            JobKind::ForwardToBot => forward::run(&app, job).await,
            JobKind::SendSms => send::run(&app, job).await,
            JobKind::SetBotEnabled => bot_toggle::run(&app, job).await,
        },
    };
    result.unwrap_or_else(|e| {
        // The job stays `running` until the next start requeues it.
        tracing::error!(job = id, error = %e, "a job could not record its outcome");
        Health::NotCalled
    })
}

async fn fail_unknown(
    app: &AppState,
    job: crate::storage::Job,
    kind: String,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.fail_job(&job, &format!("unknown job kind `{kind}`"), now)
                    .await
            })
        })
        .await?;
    Ok(Health::NotCalled)
}
