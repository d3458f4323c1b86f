//! The business's time zone and when a quiet conversation counts as
//! dropped: how the dashboard and the analytics read their figures.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult};
use crate::preferences::BusinessPreferences;

/// Longest silence a person may choose before a conversation counts as dropped.
const MAX_DROPPED_AFTER_DAYS: u32 = 365;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BusinessView {
    /// The zone chosen in Settings; `null`: the default below.
    #[schema(required = true)]
    pub time_zone: Option<String>,
    /// The first route's zone (UTC without routes with hours).
    pub default_time_zone: String,
    /// The zone every figure uses now.
    pub effective_time_zone: String,
    pub dropped_after_days: u32,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BusinessChange {
    /// An IANA zone; empty or null: the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub time_zone: Option<Option<String>>,
    pub dropped_after_days: Option<u32>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

pub fn view(app: &AppState) -> BusinessView {
    let prefs = app.business();
    BusinessView {
        time_zone: prefs.time_zone,
        default_time_zone: app.default_time_zone().name().to_owned(),
        effective_time_zone: app.business_time_zone().name().to_owned(),
        dropped_after_days: prefs.dropped_after_days,
    }
}

/// The preferences `change` makes of the current ones.
pub fn check(app: &AppState, change: BusinessChange) -> ApiResult<BusinessPreferences> {
    let mut prefs = app.business();
    if let Some(zone) = change.time_zone {
        prefs.time_zone = match zone.map(|z| z.trim().to_owned()).filter(|z| !z.is_empty()) {
            Some(name) => match name.parse::<chrono_tz::Tz>() {
                Ok(tz) => Some(tz.name().to_owned()),
                Err(_) => return Err(ApiError::validation(format!(
                    "business.timeZone `{name}` is not an IANA time zone (like America/New_York)"
                ))),
            },
            None => None,
        };
    }
    if let Some(days) = change.dropped_after_days {
        if !(1..=MAX_DROPPED_AFTER_DAYS).contains(&days) {
            return Err(ApiError::validation(format!(
                "business.droppedAfterDays must be from 1 to {MAX_DROPPED_AFTER_DAYS}"
            )));
        }
        prefs.dropped_after_days = days;
    }
    Ok(prefs)
}
