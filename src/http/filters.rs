//! Query filters several lists share: a bot or route, and a date range.

use chrono::{DateTime, NaiveDate};

use super::error::{ApiError, ApiResult};
use crate::app_state::AppState;
use crate::storage::BotFilter;

/// The routes a `bot` filter names: one route by its id, or every route of
/// one CloseBot bot.
pub fn bot_filter(app: &AppState, id: &str) -> BotFilter {
    BotFilter {
        route_ids: app
            .store
            .list_routes()
            .into_iter()
            .filter(|r| r.id == id || r.closebot_bot_id.as_deref() == Some(id))
            .map(|r| r.id)
            .collect(),
    }
}

/// A `dateFrom`/`dateTo` parameter as epoch ms (`end_of_day` for `dateTo`).
pub fn date_bound(raw: Option<&str>, end_of_day: bool) -> ApiResult<Option<i64>> {
    raw.filter(|d| !d.is_empty())
        .map(|d| parse_date(d, end_of_day))
        .transpose()
}

pub fn parse_date(raw: &str, end_of_day: bool) -> ApiResult<i64> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(raw) {
        return Ok(instant.timestamp_millis());
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
        ApiError::bad_request(
            "invalid_date",
            format!("`{raw}` is not a date (YYYY-MM-DD) or RFC 3339 time"),
        )
    })?;
    // chrono reads years up to ±262,143; the day after the last one overflows.
    let next_day = date
        .succ_opt()
        .ok_or_else(|| ApiError::bad_request("invalid_date", format!("`{raw}` is out of range")))?;
    let millis = |day: NaiveDate| {
        day.and_time(chrono::NaiveTime::MIN)
            .and_utc()
            .timestamp_millis()
    };
    Ok(if end_of_day {
        millis(next_day) - 1
    } else {
        millis(date)
    })
}
