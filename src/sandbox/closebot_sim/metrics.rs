//! The simulated CloseBot's metrics the app reads: the agency summary of
//! this and last calendar month, and the booking graph.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::rest::{Keyed, Shared};
use super::{now_ms, rfc3339};

/// This calendar month's and last month's figures (UTC months).
pub(super) async fn agency_summary(State(world): Shared, _key: Keyed) -> Response {
    let state = world.lock();
    let (this_month, last_month) = month_starts(now_ms());
    let count = |times: &mut dyn Iterator<Item = i64>, from: i64, to: i64| {
        times.filter(|t| (from..to).contains(t)).count()
    };
    let far = i64::MAX;
    Json(json!({
        "currentMonthMessageCount": count(&mut state.bot_messages.iter().copied(), this_month, far),
        "lastMonthMessageCount": count(&mut state.bot_messages.iter().copied(), last_month, this_month),
        "currentMonthSuccessfulBookings": count(&mut state.bookings.iter().map(|b| b.0), this_month, far),
        "lastMonthSuccessfulBookings": count(&mut state.bookings.iter().map(|b| b.0), last_month, this_month),
        "currentMonthContacts": state.leads.len(),
        "lastMonthContacts": 0,
        "currentMonthRespondedContacts": state.leads.iter().filter(|l| l.last_message.is_some()).count(),
        "currentMonthActiveSources": state.sources.len(),
        "lastMonthActiveSources": 0,
        "currentUsers": 1, "totalStorage": 0,
        "currentMonthFollowUpsFromNoResponse": 0, "currentMonthFollowUpsFromResponded": 0,
    }))
    .into_response()
}

fn month_starts(now: i64) -> (i64, i64) {
    use chrono::{Datelike, TimeZone, Utc};
    let today = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
    let this = Utc
        .with_ymd_and_hms(today.year(), today.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let last = if today.month() == 1 {
        Utc.with_ymd_and_hms(today.year() - 1, 12, 1, 0, 0, 0)
    } else {
        Utc.with_ymd_and_hms(today.year(), today.month() - 1, 1, 0, 0, 0)
    };
    (
        this.timestamp_millis(),
        last.single().unwrap_or_default().timestamp_millis(),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GraphQuery {
    start: Option<String>,
    end: Option<String>,
    source_id: Option<String>,
}

/// The bookings in the range, one point per booking (with its time).
pub(super) async fn booking_graph(
    State(world): Shared,
    _key: Keyed,
    Query(query): Query<GraphQuery>,
) -> Response {
    let time = |raw: &Option<String>, default: i64| {
        raw.as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map_or(default, |t| t.timestamp_millis())
    };
    let (start, end) = (time(&query.start, 0), time(&query.end, i64::MAX));
    let state = world.lock();
    let points: Vec<Value> = state
        .bookings
        .iter()
        .filter(|(at, source)| {
            (start..end).contains(at) && query.source_id.as_ref().is_none_or(|s| s == source)
        })
        .map(|(at, _)| json!({ "date": rfc3339(*at), "count": 1 }))
        .collect();
    Json(points).into_response()
}
