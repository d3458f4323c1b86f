//! One chart per endpoint, for API users and the CSV downloads.

use axum::extract::State;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

use super::{frame, sources, RangeQuery};
use crate::app_state::AppState;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::insights::analytics::sections;
use crate::insights::analytics::views::{
    BotsChart, Leaderboard, MessagesChart, OutcomesChart, RangeView,
};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Charted<T: ToSchema> {
    pub range: RangeView,
    #[serde(flatten)]
    pub chart: T,
}

/// Inbound and outbound messages per bucket.
#[utoipa::path(get,
    operation_id = "getAnalyticsMessages", path = "/api/analytics/messages", tag = "analytics", params(RangeQuery),
    responses((status = 200, body = Charted<MessagesChart>), (status = 400, body = ErrorBody)))]
pub async fn messages(
    State(app): State<AppState>,
    ApiQuery(range): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Charted<MessagesChart>>> {
    let frame = frame(&app, &range).await?;
    Ok(Json(Charted {
        range: frame.range(),
        chart: sections::messages(&frame),
    }))
}

/// Conversations per bot in the range.
#[utoipa::path(get,
    operation_id = "getAnalyticsBots", path = "/api/analytics/bots", tag = "analytics", params(RangeQuery),
    responses((status = 200, body = Charted<BotsChart>), (status = 400, body = ErrorBody)))]
pub async fn bots(
    State(app): State<AppState>,
    ApiQuery(range): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Charted<BotsChart>>> {
    let frame = frame(&app, &range).await?;
    Ok(Json(Charted {
        range: frame.range(),
        chart: sections::bots(&frame),
    }))
}

/// How the range's conversations ended (the rules are in the README).
#[utoipa::path(get,
    operation_id = "getAnalyticsOutcomes", path = "/api/analytics/outcomes", tag = "analytics", params(RangeQuery),
    responses((status = 200, body = Charted<OutcomesChart>), (status = 400, body = ErrorBody)))]
pub async fn outcomes(
    State(app): State<AppState>,
    ApiQuery(range): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Charted<OutcomesChart>>> {
    let frame = frame(&app, &range).await?;
    let chart = sections::outcomes(&app.store, &frame, app.business().dropped_after_days).await?;
    Ok(Json(Charted {
        range: frame.range(),
        chart,
    }))
}

/// The bots ranked by booking rate, from our own data per route and source.
#[utoipa::path(get,
    operation_id = "getAnalyticsLeaderboard", path = "/api/analytics/leaderboard", tag = "analytics", params(RangeQuery),
    responses((status = 200, body = Charted<Leaderboard>), (status = 400, body = ErrorBody)))]
pub async fn leaderboard(
    State(app): State<AppState>,
    ApiQuery(range): ApiQuery<RangeQuery>,
) -> ApiResult<Json<Charted<Leaderboard>>> {
    let frame = frame(&app, &range).await?;
    let bookings = frame.bookings(&sources(&app)).await?;
    Ok(Json(Charted {
        range: frame.range(),
        chart: sections::leaderboard(&frame, &bookings, &Default::default()),
    }))
}
