//! `GET /botMetric/bookingGraph`: bookings over a range, per source. The
//! spec gives no response schema (200 "Success"), so the answer is read
//! defensively: a list of numbers, a list of points with a time and a count
//! under any of the usual names, such a list inside an object, or an object
//! of time → count.

use crate::providers::credentials::CloseBotAuth;
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde_json::Value;

use super::{check, CloseBotClient};
use crate::providers::CallError;

const TIME_KEYS: [&str; 10] = [
    "date",
    "time",
    "timestamp",
    "start",
    "period",
    "day",
    "hour",
    "month",
    "label",
    "x",
];
const COUNT_KEYS: [&str; 7] = [
    "count",
    "bookings",
    "value",
    "total",
    "successfulBookings",
    "y",
    "amount",
];
const LIST_KEYS: [&str; 6] = ["data", "items", "results", "points", "graph", "values"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphResolution {
    Hourly,
    Daily,
    Monthly,
}

/// The bookings CloseBot reported: each with its time when it said one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingGraph {
    pub points: Vec<(Option<i64>, i64)>,
}

impl BookingGraph {
    pub fn total(&self) -> i64 {
        self.points.iter().map(|(_, n)| n).sum()
    }
}

impl CloseBotClient {
    pub async fn booking_graph(
        &self,
        key: &CloseBotAuth,
        source_id: &str,
        (start_ms, end_ms): (i64, i64),
        resolution: GraphResolution,
    ) -> Result<BookingGraph, CallError> {
        let time = |ms: i64| {
            DateTime::<Utc>::from_timestamp_millis(ms)
                .unwrap_or_default()
                .to_rfc3339_opts(SecondsFormat::Secs, true)
        };
        let resolution = match resolution {
            GraphResolution::Hourly => "hourly",
            GraphResolution::Daily => "daily",
            GraphResolution::Monthly => "monthly",
        };
        let request = self
            .request(reqwest::Method::GET, "/botMetric/bookingGraph", key)
            .query(&[
                ("start", time(start_ms).as_str()),
                ("end", time(end_ms).as_str()),
                ("resolution", resolution),
                ("sourceId", source_id),
            ])
            .timeout(std::time::Duration::from_secs(5));
        let bytes = check(request).await?;
        let unreadable = |why: String| CallError::Transient {
            reason: format!("CloseBot's booking graph could not be read: {why}"),
            retry_after: None,
            http_status: None,
            in_doubt: false,
            code: crate::providers::UNREADABLE.to_owned(),
        };
        let value: Value = serde_json::from_slice(&bytes).map_err(|e| unreadable(e.to_string()))?;
        read_graph(&value).ok_or_else(|| unreadable("it holds no counts".into()))
    }
}

/// The points of an answer; `None` when it holds no counts at all.
pub fn read_graph(value: &Value) -> Option<BookingGraph> {
    match value {
        Value::Array(items) => {
            let points: Option<Vec<_>> = items.iter().map(read_point).collect();
            points.map(|points| BookingGraph { points })
        }
        Value::Object(map) => {
            if let Some(list) = LIST_KEYS.iter().find_map(|k| map.get(*k)) {
                return read_graph(list);
            }
            if let Some(total) = COUNT_KEYS
                .iter()
                .find_map(|k| map.get(*k).and_then(as_count))
            {
                return Some(BookingGraph {
                    points: vec![(None, total)],
                });
            }
            let points: Option<Vec<_>> = map
                .iter()
                .map(|(k, v)| Some((read_time(&Value::String(k.clone())), as_count(v)?)))
                .collect();
            points
                .filter(|p| !p.is_empty())
                .map(|points| BookingGraph { points })
        }
        Value::Number(_) => as_count(value).map(|n| BookingGraph {
            points: vec![(None, n)],
        }),
        _ => None,
    }
}

fn read_point(item: &Value) -> Option<(Option<i64>, i64)> {
    match item {
        Value::Number(_) => Some((None, as_count(item)?)),
        Value::Object(map) => {
            let count = COUNT_KEYS
                .iter()
                .find_map(|k| map.get(*k).and_then(as_count))?;
            let time = TIME_KEYS
                .iter()
                .find_map(|k| map.get(*k).and_then(read_time));
            Some((time, count))
        }
        _ => None,
    }
}

fn as_count(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f.round() as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// RFC 3339, a date, or epoch seconds / milliseconds.
fn read_time(value: &Value) -> Option<i64> {
    match value {
        Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp_millis())
            .ok()
            .or_else(|| {
                NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
                    .ok()
                    .map(|d| {
                        d.and_time(chrono::NaiveTime::MIN)
                            .and_utc()
                            .timestamp_millis()
                    })
            }),
        Value::Number(n) => {
            let raw = n.as_i64()?;
            // Before 1973 in milliseconds means the number was seconds.
            Some(if raw < 100_000_000_000 {
                raw * 1000
            } else {
                raw
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at(s: &str) -> Option<i64> {
        Some(DateTime::parse_from_rfc3339(s).unwrap().timestamp_millis())
    }

    #[test]
    fn reads_the_usual_shapes() {
        let points = read_graph(&json!([{"date": "2026-11-01", "count": 2}, {"date": "2026-11-02T00:00:00Z", "value": 1}])).unwrap();
        assert_eq!(
            points.points,
            vec![
                (at("2026-11-01T00:00:00Z"), 2),
                (at("2026-11-02T00:00:00Z"), 1)
            ]
        );
        assert_eq!(
            read_graph(&json!({"data": [{"timestamp": 1_793_404_800, "bookings": "3"}]}))
                .unwrap()
                .total(),
            3
        );
        assert_eq!(read_graph(&json!([1, 0, 4])).unwrap().total(), 5);
        assert_eq!(
            read_graph(&json!({"2026-11-01": 2, "2026-11-02": 5}))
                .unwrap()
                .total(),
            7
        );
        assert_eq!(
            read_graph(&json!({"total": 9})).unwrap().points,
            vec![(None, 9)]
        );
        assert_eq!(read_graph(&json!([])).unwrap().total(), 0);
    }

    #[test]
    fn an_answer_without_counts_is_unreadable() {
        assert_eq!(read_graph(&json!({"message": "ok"})), None);
        assert_eq!(read_graph(&json!([{"date": "2026-11-01"}])), None);
        assert_eq!(read_graph(&json!("Success")), None);
    }
}
