//! The stat cards: conversations, booking rate, bot response time (CSAT has
//! its own module), each with its series and its change against the
//! previous period of the same length.

use std::collections::BTreeMap;

use super::bookings::{RouteBookings, Sources};
use super::tally::{Figures, Tally};
use super::views::{BookingRate, ResponseTime, SourceUse, Stat};
use super::Frame;
use crate::storage::{Store, StoreResult};

pub struct Cards {
    pub conversations: Stat,
    pub booking_rate: BookingRate,
    pub response_time: ResponseTime,
}

pub async fn cards(store: &Store, sources: &Sources<'_>, frame: &Frame) -> StoreResult<Cards> {
    let previous_period = frame.period.previous();
    let previous = Tally::totals(store, &previous_period).await?;
    let previous_frame = Frame {
        period: previous_period.clone(),
        buckets: previous_period.buckets(),
        tally: Tally::default(),
        routes: frame.routes.clone(),
        now_ms: frame.now_ms,
    };
    let (current, before) =
        tokio::try_join!(frame.bookings(sources), previous_frame.bookings(sources))?;
    Ok(Cards {
        conversations: conversations(&frame.tally, &previous),
        booking_rate: booking_rate(frame, &previous, &current, &before),
        response_time: response_time(&frame.tally, &previous),
    })
}

fn conversations(tally: &Tally, previous: &Figures) -> Stat {
    let series = tally
        .buckets
        .iter()
        .map(|b| Some(b.conversations() as f64))
        .collect();
    Stat::new(
        Some(tally.total.conversations() as f64),
        Some(previous.conversations() as f64),
        series,
    )
}

fn ratio(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

fn booking_rate(
    frame: &Frame,
    previous: &Figures,
    current: &std::collections::HashMap<String, RouteBookings>,
    before: &std::collections::HashMap<String, RouteBookings>,
) -> BookingRate {
    let bookings: i64 = current.values().map(|b| b.total).sum();
    let previous_bookings: i64 = before.values().map(|b| b.total).sum();
    // The sparkline adds up the figures that came with times.
    let mut per_bucket = vec![0i64; frame.buckets.len()];
    for b in current.values() {
        for (slot, n) in per_bucket.iter_mut().zip(b.per_bucket.iter().flatten()) {
            *slot += n;
        }
    }
    let series = frame
        .tally
        .buckets
        .iter()
        .zip(&per_bucket)
        .map(|(figures, booked)| ratio(*booked, figures.conversations()))
        .collect();
    let mut uses: BTreeMap<_, SourceUse> = BTreeMap::new();
    for b in current.values() {
        let used = uses.entry(b.source).or_insert(SourceUse {
            source: b.source,
            routes: 0,
            note: None,
        });
        used.routes += 1;
        if used.note.is_none() {
            used.note = b.note.clone();
        }
    }
    BookingRate {
        rate: Stat::new(
            ratio(bookings, frame.tally.total.conversations()),
            ratio(previous_bookings, previous.conversations()),
            series,
        ),
        bookings,
        previous_bookings,
        sources: uses.into_values().collect(),
    }
}

fn response_time(tally: &Tally, previous: &Figures) -> ResponseTime {
    let as_f64 = |ms: Option<i64>| ms.map(|v| v as f64);
    let series = tally
        .buckets
        .iter()
        .map(|b| as_f64(b.average_response_ms()))
        .collect();
    ResponseTime {
        average_ms: Stat::new(
            as_f64(tally.total.average_response_ms()),
            as_f64(previous.average_response_ms()),
            series,
        ),
        median_ms: tally.total.waits.median_ms(),
        responses: tally.total.responses,
    }
}
