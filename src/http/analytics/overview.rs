//! `GET /api/analytics/overview`: the four stat cards, and with `include`
//! the charts too.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{frame, sources, RangeQuery};
use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::insights::analytics::csat::{satisfaction, Csat};
use crate::insights::analytics::views::{
    BookingRate, BotsChart, BucketView, Leaderboard, MessagesChart, OutcomesChart, Preparing,
    RangeView, ResponseTime, Stat,
};
use crate::insights::analytics::{overview, sections};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IncludeQuery {
    /// Charts to add, comma-separated: messages, bots, outcomes, leaderboard.
    pub include: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Overview {
    pub range: RangeView,
    pub buckets: Vec<BucketView>,
    /// Contacts with at least one message in the range.
    pub conversations: Stat,
    pub booking_rate: BookingRate,
    pub response_time: ResponseTime,
    /// From our own survey (CloseBot has no satisfaction data).
    pub csat: Csat,
    /// While messages stored before the analytics existed are being counted.
    #[schema(required = true)]
    pub preparing: Option<Preparing>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub messages: Option<MessagesChart>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bots: Option<BotsChart>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<OutcomesChart>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaderboard: Option<Leaderboard>,
}

#[derive(Default)]
struct Included {
    messages: bool,
    bots: bool,
    outcomes: bool,
    leaderboard: bool,
}

fn included(raw: Option<&str>) -> ApiResult<Included> {
    let mut out = Included::default();
    for part in raw
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match part {
            "messages" => out.messages = true,
            "bots" => out.bots = true,
            "outcomes" => out.outcomes = true,
            "leaderboard" => out.leaderboard = true,
            other => {
                return Err(ApiError::bad_request(
                    "invalid_include",
                    format!(
                        "`{other}` is not a chart; use messages, bots, outcomes or leaderboard"
                    ),
                ))
            }
        }
    }
    Ok(out)
}

/// The stat cards over the range, each with its series and its change
/// against the previous period of the same length.
#[utoipa::path(get,
    operation_id = "getAnalyticsOverview", path = "/api/analytics/overview", tag = "analytics", params(RangeQuery, IncludeQuery),
    responses((status = 200, body = Overview), (status = 400, body = ErrorBody)))]
pub async fn overview(
    State(app): State<AppState>,
    ApiQuery(range): ApiQuery<RangeQuery>,
    ApiQuery(include): ApiQuery<IncludeQuery>,
) -> ApiResult<Json<Overview>> {
    let include = included(include.include.as_deref())?;
    let frame = frame(&app, &range).await?;
    let sources = sources(&app);
    let cards = overview::cards(&app.store, &sources, &frame).await?;
    let (csat_card, csat_by_bot) = satisfaction(&app.store, &frame).await?;
    let leaderboard = match include.leaderboard {
        true => Some(sections::leaderboard(
            &frame,
            &frame.bookings(&sources).await?,
            &csat_by_bot,
        )),
        false => None,
    };
    let outcomes = match include.outcomes {
        true => {
            Some(sections::outcomes(&app.store, &frame, app.business().dropped_after_days).await?)
        }
        false => None,
    };
    Ok(Json(Overview {
        range: frame.range(),
        buckets: frame.bucket_views(),
        conversations: cards.conversations,
        booking_rate: cards.booking_rate,
        response_time: cards.response_time,
        csat: csat_card,
        preparing: app
            .store
            .analytics_backfill_progress()
            .await?
            .map(|p| Preparing {
                done: p.done,
                total: p.total,
            }),
        messages: include.messages.then(|| sections::messages(&frame)),
        bots: include.bots.then(|| sections::bots(&frame)),
        outcomes,
        leaderboard,
    }))
}
