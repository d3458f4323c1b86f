//! A period's bookings per route, and where each figure came from: CloseBot's
//! booking graph for the route's source (with times, so also per bucket);
//! failing that, for a calendar month, CloseBot's agency summary; failing
//! that, our own contacts that became booked. Answers are cached briefly.

use std::collections::HashMap;

use chrono::Datelike;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::analytics::period::{day_start, local_date, Bucket, Period, Resolution};
use crate::insights::account_cache::AccountCache;
use crate::providers::closebot::{BookingGraph, CloseBotClient, GraphResolution};
use crate::providers::credentials::CredentialStore;
use crate::storage::{Route, Store, StoreResult};

const FRESH_MS: i64 = 5 * 60_000;
const RETRY_MS: i64 = 30_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BookingSource {
    /// CloseBot's `/botMetric/bookingGraph` for the route's source.
    ClosebotBookingGraph,
    /// CloseBot's `/botMetric/agencySummary?sourceId=` (calendar months only).
    ClosebotAgencySummary,
    /// Our contacts whose status became booked in the range.
    ContactStatus,
}

#[derive(Debug, Clone)]
pub struct RouteBookings {
    pub total: i64,
    /// Per bucket, when the source gave times.
    pub per_bucket: Option<Vec<i64>>,
    pub source: BookingSource,
    /// Why CloseBot's figure was not used, when it was not.
    pub note: Option<String>,
}

type GraphKey = (String, i64, i64, &'static str);
/// When it was fetched, and what CloseBot said (or why it could not).
type GraphAnswer = (i64, Result<BookingGraph, String>);

/// CloseBot's booking graphs, per source and range.
#[derive(Default)]
pub struct BookingGraphCache(AccountCache<GraphKey, GraphAnswer>);

pub struct Sources<'a> {
    pub closebot: &'a CloseBotClient,
    pub credentials: &'a CredentialStore,
    pub cache: &'a BookingGraphCache,
    pub summaries: &'a crate::insights::bookings::BookingsCache,
    pub store: &'a Store,
    pub now_ms: i64,
}

/// Each route's bookings in `period`, bucketed like `buckets`.
pub async fn per_route(
    sources: &Sources<'_>,
    routes: &[Route],
    period: &Period,
    buckets: &[Bucket],
) -> StoreResult<HashMap<String, RouteBookings>> {
    let marked = sources
        .store
        .bookings_marked(period.start_ms, period.end_ms)
        .await?;
    let ours = |route: &Route| {
        let times: Vec<i64> = marked
            .iter()
            .filter(|b| b.route_id.as_deref() == Some(route.id.as_str()))
            .map(|b| b.changed_at)
            .collect();
        (times.len() as i64, Some(bucketed(&times, buckets)))
    };
    let graphs = futures_util::future::join_all(
        routes
            .iter()
            .map(|r| graph(sources, &r.closebot_source_id, period)),
    )
    .await;
    let mut out = HashMap::new();
    for (route, graph) in routes.iter().zip(graphs) {
        let bookings = match graph {
            Ok(graph) => {
                let timed = graph.points.iter().all(|(t, _)| t.is_some());
                let per_bucket = timed.then(|| {
                    let mut counts = vec![0; buckets.len()];
                    for (at, n) in &graph.points {
                        if let Some(i) = bucket_of(at.unwrap_or_default(), buckets) {
                            counts[i] += n;
                        }
                    }
                    counts
                });
                RouteBookings {
                    total: graph.total(),
                    per_bucket,
                    source: BookingSource::ClosebotBookingGraph,
                    note: None,
                }
            }
            Err(why) => match month_summary(sources, &route.closebot_source_id, period).await {
                Some(total) => RouteBookings {
                    total,
                    per_bucket: None,
                    source: BookingSource::ClosebotAgencySummary,
                    note: Some(why),
                },
                None => {
                    let (total, per_bucket) = ours(route);
                    RouteBookings {
                        total,
                        per_bucket,
                        source: BookingSource::ContactStatus,
                        note: Some(why),
                    }
                }
            },
        };
        out.insert(route.id.clone(), bookings);
    }
    Ok(out)
}

fn bucket_of(at: i64, buckets: &[Bucket]) -> Option<usize> {
    let i = buckets
        .partition_point(|b| b.start_ms <= at)
        .checked_sub(1)?;
    (at < buckets[i].end_ms).then_some(i)
}

fn bucketed(times: &[i64], buckets: &[Bucket]) -> Vec<i64> {
    let mut counts = vec![0; buckets.len()];
    for at in times {
        if let Some(i) = bucket_of(*at, buckets) {
            counts[i] += 1;
        }
    }
    counts
}

async fn graph(
    sources: &Sources<'_>,
    source_id: &str,
    period: &Period,
) -> Result<BookingGraph, String> {
    let Some(key) = sources.credentials.closebot() else {
        return Err("the CloseBot API key is not configured".into());
    };
    let resolution = match period.resolution {
        Resolution::Hour => GraphResolution::Hourly,
        Resolution::Day | Resolution::Week => GraphResolution::Daily,
    };
    let label = match resolution {
        GraphResolution::Hourly => "hourly",
        _ => "daily",
    };
    let cache_key = (source_id.to_owned(), period.start_ms, period.end_ms, label);
    let generation = sources.credentials.generation();
    let cached = sources.cache.0.get(generation, &cache_key);
    if let Some((at, answer)) = cached {
        if sources.now_ms - at < if answer.is_ok() { FRESH_MS } else { RETRY_MS } {
            return answer;
        }
    }
    let answer = sources
        .closebot
        .booking_graph(
            &key,
            source_id,
            (period.start_ms, period.end_ms),
            resolution,
        )
        .await
        .map_err(|e| format!("CloseBot's booking graph is unavailable: {e}"));
    sources
        .cache
        .0
        .insert(generation, cache_key, (sources.now_ms, answer.clone()));
    answer
}

/// The agency summary's bookings when `period` is exactly this calendar month (so far).
async fn month_summary(sources: &Sources<'_>, source_id: &str, period: &Period) -> Option<i64> {
    let today = local_date(period.tz, sources.now_ms);
    let month_start = day_start(period.tz, today.with_day(1)?);
    let whole_month_so_far = period.start_ms == month_start && period.end_ms >= sources.now_ms;
    if !whole_month_so_far {
        return None;
    }
    sources
        .summaries
        .of_source(
            sources.closebot,
            sources.credentials,
            Some(source_id),
            sources.now_ms,
        )
        .await
        .value
}
