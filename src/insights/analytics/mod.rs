//! The Analytics page's figures over any range in the business's time zone,
//! from the quarter-hour counts and activity rows, CloseBot's booking
//! metrics and our own CSAT survey answers.

pub mod backfill;
pub mod bookings;
pub mod overview;
pub mod sections;
pub mod tally;
pub mod views;

use std::collections::HashMap;

use chrono::SecondsFormat;

use crate::domain::analytics::period::{Bucket, Period};
use crate::storage::{Route, Store, StoreResult};
use bookings::{RouteBookings, Sources};
use tally::Tally;
use views::{BucketView, RangeView};

/// What every section of one request is computed from.
pub struct Frame {
    pub period: Period,
    pub buckets: Vec<Bucket>,
    pub tally: Tally,
    /// The routes that count: in force, or deleted with messages in the range.
    pub routes: Vec<Route>,
    pub now_ms: i64,
}

impl Frame {
    pub async fn load(store: &Store, period: Period, now_ms: i64) -> StoreResult<Frame> {
        let buckets = period.buckets();
        let tally = Tally::of(store, &period, &buckets).await?;
        let routes = store
            .list_routes_even_deleted()
            .into_iter()
            .filter(|r| !r.is_deleted() || tally.routes.contains_key(&r.id))
            .collect();
        Ok(Frame {
            period,
            buckets,
            tally,
            routes,
            now_ms,
        })
    }

    pub fn range(&self) -> RangeView {
        let previous = self.period.previous();
        RangeView {
            start: rfc3339(self.period.start_ms),
            end: rfc3339(self.period.end_ms),
            previous_start: rfc3339(previous.start_ms),
            previous_end: rfc3339(previous.end_ms),
            time_zone: self.period.tz.name().to_owned(),
            resolution: self.period.resolution.as_str().to_owned(),
        }
    }

    pub fn bucket_views(&self) -> Vec<BucketView> {
        self.buckets
            .iter()
            .map(|b| BucketView {
                start: rfc3339(b.start_ms),
                end: rfc3339(b.end_ms),
                local: b.local.clone(),
            })
            .collect()
    }

    /// Each route's bookings in the range.
    pub async fn bookings(
        &self,
        sources: &Sources<'_>,
    ) -> StoreResult<HashMap<String, RouteBookings>> {
        bookings::per_route(sources, &self.routes, &self.period, &self.buckets).await
    }
}

/// The bot a route answers with: CloseBot's id, else the route itself.
pub fn bot_of(route: &Route) -> (String, String) {
    let id = route
        .closebot_bot_id
        .clone()
        .unwrap_or_else(|| format!("route:{}", route.id));
    let name = route
        .bot_name
        .clone()
        .unwrap_or_else(|| format!("{} (no bot named)", route.twilio_number));
    (id, name)
}

pub fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}
