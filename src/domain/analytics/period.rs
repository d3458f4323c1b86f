//! The range an analytics figure covers, in the business's time zone, and
//! its buckets (local hours, days or Monday-weeks). Bucket edges fall on
//! quarter hours of UTC, since every zone's offset is a whole number of
//! quarter hours; a range given to the minute is widened to its quarters.

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

pub const QUARTER_MS: i64 = 900_000;
const HOUR_MS: i64 = 3_600_000;
/// Longest range asked for: two years (and a leap day).
pub const MAX_DAYS: i64 = 731;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    Hour,
    Day,
    Week,
}

impl Resolution {
    pub fn parse(raw: &str) -> Option<Self> {
        Some(match raw {
            "hour" => Self::Hour,
            "day" => Self::Day,
            "week" => Self::Week,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hour => "hour",
            Self::Day => "day",
            Self::Week => "week",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start_ms: i64,
    pub end_ms: i64,
    pub tz: Tz,
    pub resolution: Resolution,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub start_ms: i64,
    pub end_ms: i64,
    /// The bucket's local start: `2026-11-01` or `2026-11-01T14:00`.
    pub local: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    Unreadable(&'static str, String),
    EndBeforeStart,
    TooLong,
    UnknownResolution(String),
    TooManyHours,
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreadable(field, raw) => {
                write!(f, "`{field}` `{raw}` is neither RFC 3339 nor YYYY-MM-DD")
            }
            Self::EndBeforeStart => write!(f, "`end` is before `start`"),
            Self::TooLong => write!(f, "a range may cover at most two years ({MAX_DAYS} days)"),
            Self::UnknownResolution(raw) => {
                write!(f, "`resolution` `{raw}` must be hour, day or week")
            }
            Self::TooManyHours => {
                write!(f, "hourly figures cover at most 31 days; use day or week")
            }
        }
    }
}

/// The start of `day` in `tz` (its first existing instant when midnight is skipped).
pub fn day_start(tz: Tz, day: NaiveDate) -> i64 {
    let midnight = day.and_time(NaiveTime::MIN);
    (0..4)
        .find_map(|h| {
            tz.from_local_datetime(&(midnight + chrono::Duration::hours(h)))
                .earliest()
        })
        .map_or_else(
            || Utc.from_utc_datetime(&midnight).timestamp_millis(),
            |t| t.timestamp_millis(),
        )
}

pub fn local_date(tz: Tz, at_ms: i64) -> NaiveDate {
    DateTime::from_timestamp_millis(at_ms)
        .unwrap_or_default()
        .with_timezone(&tz)
        .date_naive()
}

fn parse_instant(field: &'static str, raw: &str, tz: Tz, end: bool) -> Result<i64, PeriodError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.timestamp_millis());
    }
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        // An end date includes its whole day.
        let day = if end {
            day.checked_add_days(Days::new(1)).unwrap_or(day)
        } else {
            day
        };
        return Ok(day_start(tz, day));
    }
    Err(PeriodError::Unreadable(field, raw.to_owned()))
}

impl Period {
    /// Reads the query's `start`, `end` and `resolution`. Without `end`: now;
    /// without `start`: the 30 local days up to `end`; without `resolution`:
    /// hours for two days or less, else days.
    pub fn parse(
        start: Option<&str>,
        end: Option<&str>,
        resolution: Option<&str>,
        tz: Tz,
        now_ms: i64,
    ) -> Result<Self, PeriodError> {
        let end_ms = match end.filter(|s| !s.is_empty()) {
            Some(raw) => parse_instant("end", raw, tz, true)?,
            None => now_ms,
        };
        let start_ms = match start.filter(|s| !s.is_empty()) {
            Some(raw) => parse_instant("start", raw, tz, false)?,
            None => {
                let last = local_date(tz, end_ms - 1);
                day_start(tz, last.checked_sub_days(Days::new(29)).unwrap_or(last))
            }
        };
        let start_ms = start_ms - start_ms.rem_euclid(QUARTER_MS);
        let end_ms = end_ms + (QUARTER_MS - end_ms.rem_euclid(QUARTER_MS)) % QUARTER_MS;
        if end_ms <= start_ms {
            return Err(PeriodError::EndBeforeStart);
        }
        if end_ms - start_ms > MAX_DAYS * 24 * HOUR_MS + HOUR_MS {
            return Err(PeriodError::TooLong);
        }
        let resolution = match resolution.filter(|s| !s.is_empty()) {
            Some(raw) => Resolution::parse(raw)
                .ok_or_else(|| PeriodError::UnknownResolution(raw.to_owned()))?,
            None if end_ms - start_ms <= 48 * HOUR_MS => Resolution::Hour,
            None => Resolution::Day,
        };
        if resolution == Resolution::Hour && end_ms - start_ms > 31 * 24 * HOUR_MS {
            return Err(PeriodError::TooManyHours);
        }
        Ok(Self {
            start_ms,
            end_ms,
            tz,
            resolution,
        })
    }

    /// The period of the same length just before this one.
    pub fn previous(&self) -> Period {
        let length = self.end_ms - self.start_ms;
        Period {
            start_ms: self.start_ms - length,
            end_ms: self.start_ms,
            ..self.clone()
        }
    }

    /// The buckets covering the period; the first and last are cut to it.
    pub fn buckets(&self) -> Vec<Bucket> {
        let mut out = Vec::new();
        let mut at = self.bucket_floor(self.start_ms);
        while at < self.end_ms {
            let next = self.next_bucket(at);
            out.push(Bucket {
                start_ms: at.max(self.start_ms),
                end_ms: next.min(self.end_ms),
                local: self.local_label(at),
            });
            at = next;
        }
        out
    }

    fn local(&self, at_ms: i64) -> NaiveDateTime {
        DateTime::from_timestamp_millis(at_ms)
            .unwrap_or_default()
            .with_timezone(&self.tz)
            .naive_local()
    }

    fn bucket_floor(&self, at_ms: i64) -> i64 {
        match self.resolution {
            // Local hours start at the same minute of every UTC hour (outside
            // the odd half-hour DST shift), so flooring to the local hour is
            // subtracting the local minutes.
            Resolution::Hour => {
                let into_hour = i64::from(self.local(at_ms).minute()) * 60_000;
                at_ms - at_ms.rem_euclid(60_000) - into_hour
            }
            Resolution::Day => day_start(self.tz, local_date(self.tz, at_ms)),
            Resolution::Week => {
                let day = local_date(self.tz, at_ms);
                let monday = day
                    .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
                    .unwrap_or(day);
                day_start(self.tz, monday)
            }
        }
    }

    fn next_bucket(&self, at_ms: i64) -> i64 {
        match self.resolution {
            Resolution::Hour => at_ms + HOUR_MS,
            Resolution::Day | Resolution::Week => {
                let days = if self.resolution == Resolution::Day {
                    1
                } else {
                    7
                };
                let day = local_date(self.tz, at_ms);
                let next = day_start(
                    self.tz,
                    day.checked_add_days(Days::new(days)).unwrap_or(day),
                );
                // A zone whose day does not start where we think cannot stall the walk.
                next.max(at_ms + QUARTER_MS)
            }
        }
    }

    fn local_label(&self, at_ms: i64) -> String {
        let local = self.local(at_ms);
        match self.resolution {
            Resolution::Hour => local.format("%Y-%m-%dT%H:%M").to_string(),
            Resolution::Day | Resolution::Week => local.format("%Y-%m-%d").to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW_YORK: Tz = chrono_tz::America::New_York;

    fn at(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn days_follow_the_local_calendar_across_a_daylight_saving_change() {
        // New York leaves daylight time on 2026-11-01: that day has 25 hours.
        let p = Period::parse(Some("2026-10-31"), Some("2026-11-02"), None, NEW_YORK, 0).unwrap();
        assert_eq!(p.resolution, Resolution::Day);
        let days = p.buckets();
        let locals: Vec<&str> = days.iter().map(|b| b.local.as_str()).collect();
        assert_eq!(locals, ["2026-10-31", "2026-11-01", "2026-11-02"]);
        assert_eq!(days[0].start_ms, at("2026-10-31T04:00:00Z"));
        assert_eq!(days[1].start_ms, at("2026-11-01T04:00:00Z"));
        assert_eq!(days[1].end_ms - days[1].start_ms, 25 * HOUR_MS);
        assert_eq!(days[2].end_ms, at("2026-11-03T05:00:00Z"));
    }

    #[test]
    fn hours_of_a_day_with_an_extra_hour() {
        let p = Period::parse(Some("2026-11-01"), Some("2026-11-01"), None, NEW_YORK, 0).unwrap();
        assert_eq!(p.resolution, Resolution::Hour);
        let hours = p.buckets();
        assert_eq!(hours.len(), 25);
        assert_eq!(hours[1].local, "2026-11-01T01:00");
        assert_eq!(hours[2].local, "2026-11-01T01:00", "01:00 comes twice");
        assert_eq!(hours[24].local, "2026-11-01T23:00");
    }

    #[test]
    fn a_half_hour_zone_starts_its_days_and_hours_on_the_half_hour() {
        let kolkata: Tz = chrono_tz::Asia::Kolkata;
        let p = Period::parse(
            Some("2026-11-10"),
            Some("2026-11-10"),
            Some("hour"),
            kolkata,
            0,
        )
        .unwrap();
        let hours = p.buckets();
        assert_eq!(hours.len(), 24);
        assert_eq!(hours[0].start_ms, at("2026-11-09T18:30:00Z"));
        assert_eq!(hours[0].start_ms % QUARTER_MS, 0);
        assert_eq!(hours[0].local, "2026-11-10T00:00");
    }

    #[test]
    fn weeks_start_on_monday_and_the_ends_are_cut_to_the_range() {
        let p = Period::parse(
            Some("2026-11-04"),
            Some("2026-11-20"),
            Some("week"),
            Tz::UTC,
            0,
        )
        .unwrap();
        let weeks = p.buckets();
        let locals: Vec<&str> = weeks.iter().map(|b| b.local.as_str()).collect();
        assert_eq!(locals, ["2026-11-02", "2026-11-09", "2026-11-16"]);
        assert_eq!(weeks[0].start_ms, at("2026-11-04T00:00:00Z"));
        assert_eq!(weeks[2].end_ms, at("2026-11-21T00:00:00Z"));
    }

    #[test]
    fn defaults_and_previous_period() {
        let now = at("2026-12-01T15:07:00Z");
        let p = Period::parse(None, None, None, Tz::UTC, now).unwrap();
        assert_eq!(p.start_ms, at("2026-11-02T00:00:00Z"));
        assert_eq!(
            p.end_ms,
            at("2026-12-01T15:15:00Z"),
            "now, widened to its quarter"
        );
        let prev = p.previous();
        assert_eq!(prev.end_ms, p.start_ms);
        assert_eq!(prev.end_ms - prev.start_ms, p.end_ms - p.start_ms);
    }

    #[test]
    fn bad_ranges_are_refused() {
        let parse = |s, e, r| Period::parse(s, e, r, Tz::UTC, 0);
        assert_eq!(
            parse(Some("2026-11-05"), Some("2026-11-01"), None),
            Err(PeriodError::EndBeforeStart)
        );
        assert_eq!(
            parse(Some("2023-01-01"), Some("2026-01-01"), None),
            Err(PeriodError::TooLong)
        );
        assert!(
            parse(Some("2024-12-01"), Some("2026-11-30"), None).is_ok(),
            "two years is allowed"
        );
        assert_eq!(
            parse(Some("2026-11-01"), Some("2026-11-02"), Some("minute")),
            Err(PeriodError::UnknownResolution("minute".into()))
        );
        assert!(matches!(
            parse(Some("yesterday"), None, None),
            Err(PeriodError::Unreadable("start", _))
        ));
        assert_eq!(
            parse(Some("2026-01-01"), Some("2026-06-01"), Some("hour")),
            Err(PeriodError::TooManyHours)
        );
    }
}
