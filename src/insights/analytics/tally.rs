//! Sums a period's quarter-hour rows into its buckets and routes: message
//! counts (summed by the database), and the unions of the contacts in
//! conversation and of the response-time histograms.

use std::collections::HashMap;

use roaring::RoaringBitmap;

use crate::domain::analytics::period::{Bucket, Period};
use crate::domain::analytics::response_times::ResponseTimes;
use crate::storage::{ActivityQuarter, BucketCounts, Store, StoreResult};

#[derive(Debug, Clone, Default)]
pub struct Figures {
    pub inbound: i64,
    pub outbound: i64,
    pub bot_replies: i64,
    pub manual: i64,
    pub responses: i64,
    pub response_ms: i64,
    pub contacts: RoaringBitmap,
    pub waits: ResponseTimes,
}

impl Figures {
    fn add_counts(&mut self, c: &BucketCounts) {
        self.inbound += c.inbound;
        self.outbound += c.outbound;
        self.bot_replies += c.bot_replies;
        self.manual += c.manual;
        self.responses += c.responses;
        self.response_ms += c.response_ms;
    }

    fn add_activity(&mut self, a: &ActivityQuarter) {
        self.contacts |= &a.contacts;
        self.waits.merge(&a.waits);
    }

    pub fn conversations(&self) -> i64 {
        self.contacts.len() as i64
    }

    pub fn messages(&self) -> i64 {
        self.inbound + self.outbound
    }

    pub fn average_response_ms(&self) -> Option<i64> {
        (self.responses > 0).then(|| self.response_ms / self.responses)
    }
}

/// A period's figures: in total, per bucket, per route (`''`: no route).
#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub total: Figures,
    pub buckets: Vec<Figures>,
    pub routes: HashMap<String, Figures>,
}

impl Tally {
    pub async fn of(store: &Store, period: &Period, buckets: &[Bucket]) -> StoreResult<Tally> {
        let edges: Vec<(i64, i64)> = buckets.iter().map(|b| (b.start_ms, b.end_ms)).collect();
        let counts = store.bucket_counts(&edges).await?;
        let activity = store
            .activity_quarters(period.start_ms, period.end_ms)
            .await?;
        Ok(Self::from_rows(buckets, &counts, &activity))
    }

    pub fn from_rows(
        buckets: &[Bucket],
        counts: &[BucketCounts],
        activity: &[ActivityQuarter],
    ) -> Tally {
        let mut tally = Tally {
            buckets: vec![Figures::default(); buckets.len()],
            ..Tally::default()
        };
        for c in counts {
            let Some(bucket) = usize::try_from(c.bucket)
                .ok()
                .and_then(|i| tally.buckets.get_mut(i))
            else {
                continue;
            };
            bucket.add_counts(c);
            tally.total.add_counts(c);
            tally
                .routes
                .entry(c.route_id.clone())
                .or_default()
                .add_counts(c);
        }
        for a in activity {
            // Buckets are in order and cover the period: the last that starts at or before it.
            let index = buckets.partition_point(|b| b.start_ms <= a.bucket_start);
            let Some(bucket) = index.checked_sub(1).and_then(|i| tally.buckets.get_mut(i)) else {
                continue;
            };
            bucket.add_activity(a);
            tally.total.add_activity(a);
            tally
                .routes
                .entry(a.route_id.clone())
                .or_default()
                .add_activity(a);
        }
        tally
    }

    /// Only the totals of a period (the previous one, for the % change).
    pub async fn totals(store: &Store, period: &Period) -> StoreResult<Figures> {
        let whole = [Bucket {
            start_ms: period.start_ms,
            end_ms: period.end_ms,
            local: String::new(),
        }];
        Ok(Self::of(store, period, &whole).await?.total)
    }
}
