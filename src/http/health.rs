//! `GET /api/health`: `200` only when what delivers texts works — a real
//! write round trip through the writer succeeded recently and each worker's
//! heartbeat is fresh — and `503` with the same shape naming what is down.
//! It also gives the age of the oldest due job, so a monitor can alert on a
//! stuck queue.

use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::storage::Provider;

/// A commit this recent proves the writer works without probing it.
const RECENT_COMMIT: Duration = Duration::from_secs(2);
/// How long the probe write may take.
const PROBE_LIMIT: Duration = Duration::from_secs(2);

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// `ok`, or `unavailable` (then `down` says what).
    status: &'static str,
    /// What is not working: `writer`, `database`, `twilio worker`, `closebot worker`.
    down: Vec<String>,
    writer: Part,
    workers: Vec<WorkerPart>,
    queue: QueuePart,
}

#[derive(Serialize, ToSchema)]
pub struct Part {
    ok: bool,
    #[schema(required = true)]
    detail: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WorkerPart {
    provider: Provider,
    ok: bool,
    seconds_since_heartbeat: f64,
    /// Times its supervisor started it again after it died.
    restarts: u64,
    #[schema(required = true)]
    last_death: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QueuePart {
    /// How long the oldest job that is due has waited (`null`: none is due).
    #[schema(required = true)]
    oldest_due_job_age_seconds: Option<f64>,
}

/// Whether the app can take and deliver texts right now.
#[utoipa::path(get,
    operation_id = "health", path = "/api/health", tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn health(State(app): State<AppState>) -> (StatusCode, Json<Health>) {
    let now = app.clock.now_ms();
    let mut down = Vec::new();
    let writer = writer_part(&app, now).await;
    if !writer.ok {
        down.push("writer".to_owned());
    }
    let workers: Vec<WorkerPart> = app
        .outbox
        .health
        .report()
        .into_iter()
        .map(|w| WorkerPart {
            provider: w.provider,
            ok: w.ok(),
            seconds_since_heartbeat: w.since_heartbeat.as_secs_f64(),
            restarts: w.restarts,
            last_death: w.last_death.clone(),
        })
        .collect();
    for worker in workers.iter().filter(|w| !w.ok) {
        down.push(format!("{} worker", worker.provider.as_str()));
    }
    let oldest = match app.store.oldest_due_job(now).await {
        Ok(oldest) => oldest,
        Err(e) => {
            tracing::error!(error = %e, "health check: the database does not answer reads");
            down.push("database".to_owned());
            None
        }
    };
    let status = if down.is_empty() {
        StatusCode::OK
    } else {
        tracing::error!(?down, "health check: not healthy");
        StatusCode::SERVICE_UNAVAILABLE
    };
    let health = Health {
        status: if down.is_empty() { "ok" } else { "unavailable" },
        down,
        writer,
        workers,
        queue: QueuePart {
            oldest_due_job_age_seconds: oldest.map(|at| (now - at).max(0) as f64 / 1000.0),
        },
    };
    (status, Json(health))
}

async fn writer_part(app: &AppState, now: i64) -> Part {
    let fail = |detail: String| Part {
        ok: false,
        detail: Some(detail),
    };
    if !app.store.writer_alive() {
        return fail("the database writer has stopped".into());
    }
    if app.store.since_last_commit() <= RECENT_COMMIT {
        return Part {
            ok: true,
            detail: None,
        };
    }
    match app.store.probe_writer(now, PROBE_LIMIT).await {
        Ok(()) => Part {
            ok: true,
            detail: None,
        },
        Err(e) => fail(e.to_string()),
    }
}
