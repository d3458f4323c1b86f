//! `GET /api/dashboard/stats` (the four stat cards) and `GET /api/search`
//! (the top bar's global search).

use axum::extract::State;
use axum::Json;
use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::ApiQuery;
use crate::app_state::AppState;
use crate::insights::bookings::Bookings;
use crate::storage::{ContactHit, MessageHit};

const RESPONSE_RATE_WINDOW_DAYS: i64 = 7;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// IANA time zone for "today" (default: the business's, from Settings).
    pub timezone: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Contacts with a message in the last 24 hours.
    pub active_conversations: i64,
    /// Messages in and out since midnight in `timezone`.
    pub messages_today: i64,
    pub bookings: Bookings,
    pub response_rate: ResponseRate,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseRate {
    /// Bot replies / inbound texts (0..1); `null` with no inbound texts.
    #[schema(required = true)]
    pub value: Option<f64>,
    pub bot_replies: i64,
    pub inbound: i64,
    pub window_days: i64,
}

/// A `timezone` parameter: an IANA zone, the business's when absent.
pub fn time_zone(app: &AppState, raw: Option<&str>) -> ApiResult<Tz> {
    match raw.filter(|t| !t.is_empty()) {
        Some(name) => name.parse().map_err(|_| {
            ApiError::bad_request(
                "invalid_timezone",
                format!("`{name}` is not an IANA time zone"),
            )
        }),
        None => Ok(app.business_time_zone()),
    }
}

/// The dashboard's stat cards.
#[utoipa::path(get,
    operation_id = "getDashboardStats", path = "/api/dashboard/stats", tag = "dashboard", params(StatsQuery),
    responses((status = 200, body = Stats), (status = 400, body = ErrorBody)))]
pub async fn stats(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<StatsQuery>,
) -> ApiResult<Json<Stats>> {
    let tz = time_zone(&app, query.timezone.as_deref())?;
    let now = app.clock.now();
    let midnight = tz
        .from_local_datetime(
            &now.with_timezone(&tz)
                .date_naive()
                .and_hms_opt(0, 0, 0)
                .expect("midnight exists"),
        )
        .earliest()
        .map_or(now, |t| t.with_timezone(&Utc));
    let now_ms = now.timestamp_millis();
    let (active, today, counts, bookings) = tokio::join!(
        app.store.active_conversations(now_ms - 24 * 3600 * 1000),
        app.store.messages_since(midnight.timestamp_millis()),
        app.store
            .message_counts_since(now_ms - RESPONSE_RATE_WINDOW_DAYS * 24 * 3600 * 1000),
        app.bookings.get(&app.closebot, &app.credentials, now_ms),
    );
    let counts = counts?;
    Ok(Json(Stats {
        active_conversations: active?,
        messages_today: today?,
        bookings,
        response_rate: ResponseRate {
            value: (counts.inbound > 0).then(|| counts.bot_replies as f64 / counts.inbound as f64),
            bot_replies: counts.bot_replies,
            inbound: counts.inbound,
            window_days: RESPONSE_RATE_WINDOW_DAYS,
        },
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// Name, phone (digits in any format) or words from messages.
    pub q: String,
    /// Results per kind (at most 20; default 8).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct SearchResults {
    pub contacts: Vec<ContactHit>,
    pub messages: Vec<MessageHit>,
}

/// Global search across contacts and message text.
#[utoipa::path(get,
    operation_id = "globalSearch", path = "/api/search", tag = "dashboard", params(SearchQuery),
    responses((status = 200, body = SearchResults), (status = 400, body = ErrorBody)))]
pub async fn search(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let limit = query.limit.unwrap_or(8);
    if !(1..=20).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 20"));
    }
    let text = query.q.trim();
    if text.is_empty() {
        return Ok(Json(SearchResults {
            contacts: vec![],
            messages: vec![],
        }));
    }
    if text.chars().count() > 200 {
        return Err(ApiError::validation("q must be at most 200 characters"));
    }
    let (contacts, messages) = tokio::join!(
        app.store.search_contacts(text, limit),
        app.store.search_messages(text, limit)
    );
    Ok(Json(SearchResults {
        contacts: contacts?,
        messages: messages?,
    }))
}
