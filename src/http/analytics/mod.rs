//! `/api/analytics/*`: the Analytics page's figures over a range (`start`,
//! `end` as RFC 3339 or YYYY-MM-DD in the business's zone, `resolution`
//! hour/day/week). `overview` can carry every chart (`include`), so the page
//! paints from one request.

mod charts;
mod overview;

pub use charts::*;
pub use overview::*;

use serde::Deserialize;
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult};
use crate::app_state::AppState;
use crate::domain::analytics::period::Period;
use crate::insights::analytics::bookings::Sources;
use crate::insights::analytics::Frame;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct RangeQuery {
    /// First instant or day (default: 29 days before `end`'s day).
    pub start: Option<String>,
    /// Last instant, or last day included (default: now).
    pub end: Option<String>,
    /// hour, day or week (default: hour up to two days, else day).
    pub resolution: Option<String>,
}

/// The range asked for, read in the business's zone; a bad one is a 400.
fn period(app: &AppState, query: &RangeQuery) -> ApiResult<Period> {
    Period::parse(
        query.start.as_deref(),
        query.end.as_deref(),
        query.resolution.as_deref(),
        app.business_time_zone(),
        app.clock.now_ms(),
    )
    .map_err(|e| ApiError::bad_request("invalid_range", e.to_string()))
}

async fn frame(app: &AppState, query: &RangeQuery) -> ApiResult<Frame> {
    let period = period(app, query)?;
    Ok(Frame::load(&app.store, period, app.clock.now_ms()).await?)
}

fn sources(app: &AppState) -> Sources<'_> {
    Sources {
        closebot: &app.closebot,
        credentials: &app.credentials,
        cache: &app.booking_graphs,
        summaries: &app.bookings,
        store: &app.store,
        now_ms: app.clock.now_ms(),
    }
}
