//! Hourly message counts for the dashboard, overall and per route,
//! accumulated in memory by the operations of a group commit and written
//! with it in one statement per table (a per-message trigger cost ~5% of
//! webhook throughput).

use std::collections::BTreeMap;

use sqlx::{QueryBuilder, Sqlite};

use super::StoreResult;
use crate::domain::message::{Direction, Source};

const HOUR_MS: i64 = 3_600_000;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Counts {
    inbound: i64,
    outbound: i64,
    bot_replies: i64,
    manual: i64,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.inbound += other.inbound;
        self.outbound += other.outbound;
        self.bot_replies += other.bot_replies;
        self.manual += other.manual;
    }
}

/// Counts by the UTC hour they fall in, and by route and hour.
#[derive(Debug, Default)]
pub(super) struct HourlyCounts {
    hours: BTreeMap<i64, Counts>,
    routes: BTreeMap<(String, i64), Counts>,
}

impl HourlyCounts {
    pub fn record(
        &mut self,
        at_ms: i64,
        route_id: Option<&str>,
        direction: Direction,
        source: Source,
        status: Option<&str>,
    ) {
        let hour = at_ms - at_ms.rem_euclid(HOUR_MS);
        let counts = Counts {
            inbound: i64::from(direction == Direction::Inbound),
            outbound: i64::from(direction == Direction::Outbound),
            // A bot reply kept but not sent (opt-out, takeover) is not a reply.
            bot_replies: i64::from(source == Source::Bot && status != Some("canceled")),
            manual: i64::from(source == Source::Manual),
        };
        self.hours.entry(hour).or_default().add(counts);
        if let Some(route) = route_id {
            self.routes
                .entry((route.to_owned(), hour))
                .or_default()
                .add(counts);
        }
    }

    pub fn absorb(&mut self, other: HourlyCounts) {
        for (hour, c) in other.hours {
            self.hours.entry(hour).or_default().add(c);
        }
        for (key, c) in other.routes {
            self.routes.entry(key).or_default().add(c);
        }
    }

    /// Adds the counts to `message_counts_hourly` and `message_counts_route_hourly`.
    pub async fn flush(self, conn: &mut sqlx::SqliteConnection) -> StoreResult<()> {
        const ADD: &str =
            "inbound = inbound + excluded.inbound, outbound = outbound + excluded.outbound,
             bot_replies = bot_replies + excluded.bot_replies, manual = manual + excluded.manual";
        if !self.hours.is_empty() {
            let mut upsert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO message_counts_hourly (hour_start, inbound, outbound, bot_replies, manual) ",
            );
            upsert.push_values(self.hours, |mut row, (hour, c)| {
                row.push_bind(hour)
                    .push_bind(c.inbound)
                    .push_bind(c.outbound)
                    .push_bind(c.bot_replies)
                    .push_bind(c.manual);
            });
            upsert.push(format!(" ON CONFLICT (hour_start) DO UPDATE SET {ADD}"));
            upsert.build().execute(&mut *conn).await?;
        }
        if !self.routes.is_empty() {
            let mut upsert = QueryBuilder::<Sqlite>::new(
                "INSERT INTO message_counts_route_hourly (route_id, hour_start, inbound, outbound, bot_replies, manual) ",
            );
            upsert.push_values(self.routes, |mut row, ((route, hour), c)| {
                row.push_bind(route)
                    .push_bind(hour)
                    .push_bind(c.inbound)
                    .push_bind(c.outbound)
                    .push_bind(c.bot_replies)
                    .push_bind(c.manual);
            });
            upsert.push(format!(
                " ON CONFLICT (route_id, hour_start) DO UPDATE SET {ADD}"
            ));
            upsert.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// One route's messages in one UTC hour.
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
    /// The hourly counts of `route_ids` in `[from_ms, to_ms)`, oldest first.
    pub async fn route_hours(
        &self,
        route_ids: &[String],
        from_ms: i64,
        to_ms: i64,
    ) -> StoreResult<Vec<RouteHour>> {
        if route_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut query = QueryBuilder::<Sqlite>::new(
            "SELECT route_id, hour_start, inbound, outbound, bot_replies, manual FROM message_counts_route_hourly
             WHERE route_id IN (",
        );
        let mut list = query.separated(", ");
        for id in route_ids {
            list.push_bind(id.clone());
        }
        query
            .push(") AND hour_start >= ")
            .push_bind(from_ms)
            .push(" AND hour_start < ")
            .push_bind(to_ms)
            .push(" ORDER BY hour_start");
        Ok(query.build_query_as().fetch_all(&self.reader).await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fall_into_utc_hours_and_canceled_bot_replies_do_not_count() {
        let mut counts = HourlyCounts::default();
        counts.record(
            3_600_000 + 5,
            Some("r1"),
            Direction::Inbound,
            Source::Customer,
            Some("received"),
        );
        counts.record(
            7_199_999,
            Some("r1"),
            Direction::Outbound,
            Source::Bot,
            Some("queued"),
        );
        counts.record(
            7_200_000,
            None,
            Direction::Outbound,
            Source::Bot,
            Some("canceled"),
        );
        let mut total = HourlyCounts::default();
        total.absorb(counts);
        let hour = Counts {
            inbound: 1,
            outbound: 1,
            bot_replies: 1,
            manual: 0,
        };
        assert_eq!(total.hours[&3_600_000], hour);
        assert_eq!(
            total.hours[&7_200_000],
            Counts {
                inbound: 0,
                outbound: 1,
                bot_replies: 0,
                manual: 0
            }
        );
        assert_eq!(total.routes[&("r1".to_owned(), 3_600_000)], hour);
        assert_eq!(
            total.routes.len(),
            1,
            "a message without a route counts only overall"
        );
    }
}
