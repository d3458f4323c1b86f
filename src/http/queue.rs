//! `/api/queue`: the outbox's state, and work that failed for good.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiQuery, Paging};
use super::Page;
use crate::app_state::AppState;
use crate::storage::{FailedJob, Provider, QueueStats};

#[derive(Serialize, ToSchema)]
pub struct QueueView {
    pub jobs: QueueStats,
}

/// How much work is waiting, running, backing off or failed.
#[utoipa::path(get,
    operation_id = "getQueueStats", path = "/api/queue", tag = "queue", responses((status = 200, body = QueueView)))]
pub async fn stats(State(app): State<AppState>) -> ApiResult<Json<QueueView>> {
    Ok(Json(QueueView {
        jobs: app.store.queue_stats(app.clock.now_ms()).await?,
    }))
}

/// Work that failed for good, with its last error.
#[utoipa::path(get,
    operation_id = "listFailedJobs", path = "/api/queue/failed", tag = "queue", params(Paging), responses((status = 200, body = Page<FailedJob>)))]
pub async fn failed(
    State(app): State<AppState>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<Page<FailedJob>>> {
    let (page, limit) = paging.resolve()?;
    let (items, total) = app.store.failed_jobs(limit, (page - 1) * limit).await?;
    Ok(Json(Page {
        items,
        total,
        page,
        limit,
    }))
}

/// Gives a failed job a new round of attempts.
#[utoipa::path(post,
    operation_id = "retryFailedJob", path = "/api/queue/failed/{id}/retry", tag = "queue", params(("id" = i64, Path)),
    responses((status = 202), (status = 404, body = ErrorBody)))]
pub async fn retry(State(app): State<AppState>, Path(id): Path<i64>) -> ApiResult<StatusCode> {
    let now = app.clock.now_ms();
    let (revived, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.retry_failed_job(id, now).await }))
        .await?;
    if !revived {
        return Err(ApiError::not_found("The failed job"));
    }
    app.wake(Provider::Twilio);
    app.wake(Provider::Closebot);
    Ok(StatusCode::ACCEPTED)
}
