//! Message counts kept as messages are stored: per UTC hour overall (the
//! dashboard) and per route and UTC quarter hour (the Bots page and the
//! analytics, in any time zone), with the contacts in conversation and the
//! bot's response times of each quarter (`activity_sets`). They accumulate
//! in memory over the operations of a group commit and are written with it
//! in a few statements (a per-message trigger cost ~5% of webhook throughput).

use std::collections::{BTreeMap, BTreeSet};

use sqlx::QueryBuilder;

use super::engine::{on_engine, on_tx, Done, TxConn};

use super::activity_sets::ActivitySets;
use super::StoreResult;
use crate::domain::analytics::period::QUARTER_MS;
use crate::domain::message::{Direction, Source};

const HOUR_MS: i64 = 3_600_000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    inbound: i64,
    outbound: i64,
    bot_replies: i64,
    manual: i64,
    responses: i64,
    response_ms: i64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.inbound += other.inbound;
        self.outbound += other.outbound;
        self.bot_replies += other.bot_replies;
        self.manual += other.manual;
        self.responses += other.responses;
        self.response_ms += other.response_ms;
    }
}

/// One stored message, as the counts see it.
pub(super) struct Counted<'a> {
    pub at_ms: i64,
    pub route_id: Option<&'a str>,
    pub contact_id: &'a str,
    pub direction: Direction,
    pub source: Source,
    pub status: Option<&'a str>,
    /// A bot reply's wait: since the customer's first unanswered text.
    pub wait_ms: Option<i64>,
}

#[derive(Debug, Default)]
pub(super) struct HourlyCounts {
    hours: BTreeMap<i64, Counts>,
    /// By (quarter start, route id or '').
    quarters: BTreeMap<(i64, String), Counts>,
    activity: ActivitySets,
}

impl HourlyCounts {
    pub fn record(&mut self, m: Counted<'_>) {
        let hour = m.at_ms - m.at_ms.rem_euclid(HOUR_MS);
        let quarter = m.at_ms - m.at_ms.rem_euclid(QUARTER_MS);
        let counts = Counts {
            inbound: i64::from(m.direction == Direction::Inbound),
            outbound: i64::from(m.direction == Direction::Outbound),
            // A bot reply kept but not sent (opt-out, takeover) is not a reply.
            bot_replies: i64::from(m.source == Source::Bot && m.status != Some("canceled")),
            manual: i64::from(m.source == Source::Manual),
            responses: i64::from(m.wait_ms.is_some()),
            response_ms: m.wait_ms.unwrap_or(0),
        };
        self.hours.entry(hour).or_default().add(counts);
        let route = m.route_id.unwrap_or_default().to_owned();
        self.activity
            .record(quarter, &route, m.contact_id, m.wait_ms);
        self.quarters
            .entry((quarter, route))
            .or_default()
            .add(counts);
    }

    pub fn absorb(&mut self, other: HourlyCounts) {
        for (hour, c) in other.hours {
            self.hours.entry(hour).or_default().add(c);
        }
        for (key, c) in other.quarters {
            self.quarters.entry(key).or_default().add(c);
        }
        self.activity.absorb(other.activity);
    }

    /// Adds the counts to `message_counts_hourly`, `message_counts_quarter`
    /// and `activity_quarters`.
    pub async fn flush(self, conn: &mut TxConn) -> StoreResult<()> {
        // The stored row's columns are named by table: Postgres finds a bare
        // `inbound` ambiguous beside `excluded.inbound`.
        let add = |table: &str| {
            ["inbound", "outbound", "bot_replies", "manual"]
                .map(|c| format!("{c} = {table}.{c} + excluded.{c}"))
                .join(", ")
        };
        if !self.hours.is_empty() {
            on_tx!(&mut *conn, |db| {
                let mut upsert = QueryBuilder::new(
                    "INSERT INTO message_counts_hourly (hour_start, inbound, outbound, bot_replies, manual) ",
                );
                upsert.push_values(self.hours, |mut row, (hour, c)| {
                    row.push_bind(hour)
                        .push_bind(c.inbound)
                        .push_bind(c.outbound)
                        .push_bind(c.bot_replies)
                        .push_bind(c.manual);
                });
                upsert.push(format!(
                    " ON CONFLICT (hour_start) DO UPDATE SET {}",
                    add("message_counts_hourly")
                ));
                upsert.build().execute(db).await.map(Done::from)
            })?;
        }
        if !self.quarters.is_empty() {
            on_tx!(&mut *conn, |db| {
                let mut upsert = QueryBuilder::new(
                    "INSERT INTO message_counts_quarter
                     (bucket_start, route_id, inbound, outbound, bot_replies, manual, responses, response_ms) ",
                );
                upsert.push_values(self.quarters, |mut row, ((quarter, route), c)| {
                    row.push_bind(quarter)
                        .push_bind(route)
                        .push_bind(c.inbound)
                        .push_bind(c.outbound)
                        .push_bind(c.bot_replies)
                        .push_bind(c.manual)
                        .push_bind(c.responses)
                        .push_bind(c.response_ms);
                });
                upsert.push(format!(
                    " ON CONFLICT (bucket_start, route_id) DO UPDATE SET {},
                      responses = message_counts_quarter.responses + excluded.responses,
                      response_ms = message_counts_quarter.response_ms + excluded.response_ms",
                    add("message_counts_quarter")
                ));
                upsert.build().execute(db).await.map(Done::from)
            })?;
        }
        self.activity.flush(conn).await
    }
}

/// One route's messages in one UTC quarter hour.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct RouteHour {
    pub route_id: String,
    pub hour_start: i64,
    pub inbound: i64,
    pub outbound: i64,
    pub bot_replies: i64,
    pub manual: i64,
}

impl super::Store {
    /// The quarter-hour counts of `route_ids` in `[from_ms, to_ms)`, oldest first.
    pub async fn route_hours(
        &self,
        route_ids: &[String],
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<RouteHour>> {
        if route_ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: BTreeSet<&String> = route_ids.iter().collect();
        Ok(on_engine!(&self.engine, |db| {
            let mut query = QueryBuilder::new(
                "SELECT route_id, bucket_start AS hour_start, inbound, outbound, bot_replies, manual
                 FROM message_counts_quarter WHERE bucket_start >= ",
            );
            query
                .push_bind(from_ms)
                .push(" AND bucket_start < ")
                .push_bind(to_ms)
                .push(" AND route_id IN (");
            let mut list = query.separated(", ");
            for id in &ids {
                list.push_bind((*id).clone());
            }
            query.push(") ORDER BY bucket_start");
            query.build_query_as().fetch_all(db).await
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(
        at_ms: i64,
        route: Option<&'static str>,
        direction: Direction,
        source: Source,
        status: &'static str,
    ) -> Counted<'static> {
        Counted {
            at_ms,
            route_id: route,
            contact_id: "c1",
            direction,
            source,
            status: Some(status),
            wait_ms: None,
        }
    }

    #[test]
    fn counts_fall_into_utc_hours_and_quarters_and_canceled_bot_replies_do_not_count() {
        let mut counts = HourlyCounts::default();
        counts.record(message(
            3_600_000 + 5,
            Some("r1"),
            Direction::Inbound,
            Source::Customer,
            "received",
        ));
        counts.record(Counted {
            wait_ms: Some(90_000),
            ..message(
                3_600_000 + QUARTER_MS,
                Some("r1"),
                Direction::Outbound,
                Source::Bot,
                "queued",
            )
        });
        counts.record(message(
            7_200_000,
            None,
            Direction::Outbound,
            Source::Bot,
            "canceled",
        ));
        let mut total = HourlyCounts::default();
        total.absorb(counts);
        let hour = Counts {
            inbound: 1,
            outbound: 1,
            bot_replies: 1,
            manual: 0,
            responses: 1,
            response_ms: 90_000,
        };
        assert_eq!(total.hours[&3_600_000], hour);
        assert_eq!(
            total.hours[&7_200_000],
            Counts {
                outbound: 1,
                ..Counts::default()
            }
        );
        assert_eq!(
            total.quarters[&(3_600_000, "r1".to_owned())],
            Counts {
                inbound: 1,
                ..Counts::default()
            }
        );
        assert_eq!(
            total.quarters[&(3_600_000 + QUARTER_MS, "r1".to_owned())],
            Counts {
                outbound: 1,
                bot_replies: 1,
                responses: 1,
                response_ms: 90_000,
                ..Counts::default()
            }
        );
        assert_eq!(
            total.quarters[&(7_200_000, String::new())],
            Counts {
                outbound: 1,
                ..Counts::default()
            },
            "a message without a route counts under ''"
        );
    }
}
