//! Business-hours calendar of a route: an IANA time zone, opening hours per
//! weekday and dated exceptions (holidays closed all day, or special hours).
//!
//! Opening hours are half-open local intervals `[start, end)`; `end` may be
//! `24:00`. An interval never crosses midnight: a night shift is written as two
//! days. Around daylight-saving changes local times are mapped to the first
//! real instant (a 02:30 opening on a spring-forward night opens at 03:00).

use chrono::{
    DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How far ahead to look for the next opening before deciding it never opens.
const SEARCH_DAYS: u64 = 400;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BusinessHours {
    /// IANA time zone name, e.g. `America/New_York`.
    pub timezone: String,
    #[serde(default)]
    pub mon: Option<DayHours>,
    #[serde(default)]
    pub tue: Option<DayHours>,
    #[serde(default)]
    pub wed: Option<DayHours>,
    #[serde(default)]
    pub thu: Option<DayHours>,
    #[serde(default)]
    pub fri: Option<DayHours>,
    #[serde(default)]
    pub sat: Option<DayHours>,
    #[serde(default)]
    pub sun: Option<DayHours>,
    #[serde(default)]
    pub exceptions: Vec<DateException>,
}

/// Opening hours of one day, local time `HH:MM`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayHours {
    #[schema(example = "09:00")]
    pub start: String,
    #[schema(example = "17:00")]
    pub end: String,
}

/// A date that does not follow the weekly pattern: closed all day, or open
/// with its own hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DateException {
    #[schema(value_type = String, example = "2026-12-25")]
    pub date: NaiveDate,
    #[serde(default)]
    pub closed: bool,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidHours {
    #[error("`{0}` is not an IANA time zone (for example America/New_York)")]
    TimeZone(String),
    #[error("{0}: `{1}` is not a time of day in HH:MM form")]
    Time(String, String),
    #[error("{0}: the end ({2}) must be after the start ({1})")]
    EmptyInterval(String, String, String),
    #[error("exception {0}: give either \"closed\": true or both \"start\" and \"end\"")]
    Exception(NaiveDate),
    #[error("exception {0} is listed twice")]
    DuplicateDate(NaiveDate),
}

/// A validated calendar, ready for time arithmetic.
#[derive(Debug, Clone)]
pub struct Calendar {
    tz: Tz,
    weekly: [Option<Interval>; 7],
    exceptions: Vec<(NaiveDate, Option<Interval>)>,
}

#[derive(Debug, Clone, Copy)]
struct Interval {
    start: NaiveTime,
    /// `None` means midnight at the end of the day (`24:00`).
    end: Option<NaiveTime>,
}

impl BusinessHours {
    pub fn calendar(&self) -> Result<Calendar, InvalidHours> {
        let tz: Tz = self
            .timezone
            .parse()
            .map_err(|_| InvalidHours::TimeZone(self.timezone.clone()))?;
        let days = [
            ("mon", &self.mon),
            ("tue", &self.tue),
            ("wed", &self.wed),
            ("thu", &self.thu),
            ("fri", &self.fri),
            ("sat", &self.sat),
            ("sun", &self.sun),
        ];
        let mut weekly = [None; 7];
        for (slot, (name, hours)) in weekly.iter_mut().zip(days) {
            *slot = hours
                .as_ref()
                .map(|h| Interval::parse(name, &h.start, &h.end))
                .transpose()?;
        }
        let mut exceptions: Vec<(NaiveDate, Option<Interval>)> = Vec::new();
        for exception in &self.exceptions {
            if exceptions.iter().any(|(date, _)| *date == exception.date) {
                return Err(InvalidHours::DuplicateDate(exception.date));
            }
            let hours = match (exception.closed, &exception.start, &exception.end) {
                (true, None, None) => None,
                (false, Some(start), Some(end)) => {
                    Some(Interval::parse(&exception.date.to_string(), start, end)?)
                }
                _ => return Err(InvalidHours::Exception(exception.date)),
            };
            exceptions.push((exception.date, hours));
        }
        Ok(Calendar {
            tz,
            weekly,
            exceptions,
        })
    }
}

impl Interval {
    fn parse(label: &str, start: &str, end: &str) -> Result<Self, InvalidHours> {
        let time = |raw: &str| {
            NaiveTime::parse_from_str(raw, "%H:%M")
                .map_err(|_| InvalidHours::Time(label.into(), raw.into()))
        };
        let start_time = time(start)?;
        let end_time = if end == "24:00" {
            None
        } else {
            Some(time(end)?)
        };
        if end_time.is_some_and(|e| e <= start_time) {
            return Err(InvalidHours::EmptyInterval(
                label.into(),
                start.into(),
                end.into(),
            ));
        }
        Ok(Self {
            start: start_time,
            end: end_time,
        })
    }
}

/// Open or closed at `at_ms` under `hours` (`None`: always open). Hours that
/// cannot be read (they are validated when saved) never hold a text.
pub fn hours_at(hours: Option<&BusinessHours>, at_ms: i64) -> super::eligibility::Hours {
    use super::eligibility::Hours;
    let Some(calendar) = hours.and_then(|h| h.calendar().ok()) else {
        return Hours::Open;
    };
    let at = DateTime::from_timestamp_millis(at_ms).unwrap_or_default();
    match calendar.next_opening(at) {
        Some(opens) if opens <= at => Hours::Open,
        opens => Hours::Closed {
            opens_at: opens.map(|t| t.timestamp_millis()),
        },
    }
}

impl Calendar {
    /// Always open: the calendar of a route without business hours.
    pub fn is_open(&self, at: DateTime<Utc>) -> bool {
        self.next_opening(at) == Some(at)
    }

    /// The first instant at or after `at` when the route is open; `at` itself
    /// when open now; `None` when it never opens within the next ~13 months.
    pub fn next_opening(&self, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let today = at.with_timezone(&self.tz).date_naive();
        (0..SEARCH_DAYS).find_map(|offset| {
            let date = today.checked_add_days(Days::new(offset))?;
            let interval = self.hours_on(date)?;
            let opens = self.instant(date.and_time(interval.start));
            let closes = match interval.end {
                Some(end) => self.instant(date.and_time(end)),
                None => self.instant(
                    date.checked_add_days(Days::new(1))?
                        .and_time(NaiveTime::MIN),
                ),
            };
            if at < opens {
                Some(opens)
            } else if at < closes {
                Some(at)
            } else {
                None
            }
        })
    }

    fn hours_on(&self, date: NaiveDate) -> Option<Interval> {
        if let Some((_, hours)) = self.exceptions.iter().find(|(d, _)| *d == date) {
            return *hours;
        }
        let index = match date.weekday() {
            Weekday::Mon => 0,
            Weekday::Tue => 1,
            Weekday::Wed => 2,
            Weekday::Thu => 3,
            Weekday::Fri => 4,
            Weekday::Sat => 5,
            Weekday::Sun => 6,
        };
        self.weekly[index]
    }

    /// Local wall time to an instant; a time skipped by a DST jump maps to the
    /// first instant after the gap.
    fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local;
        for _ in 0..4 {
            if let Some(found) = self.tz.from_local_datetime(&probe).earliest() {
                return found.with_timezone(&Utc);
            }
            probe += chrono::Duration::minutes(30);
        }
        // No zone skips more than two hours; fall back to reading it as UTC.
        Utc.from_utc_datetime(&local)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn weekdays_nine_to_five(tz: &str) -> BusinessHours {
        let day = || {
            Some(DayHours {
                start: "09:00".into(),
                end: "17:00".into(),
            })
        };
        BusinessHours {
            timezone: tz.into(),
            mon: day(),
            tue: day(),
            wed: day(),
            thu: day(),
            fri: day(),
            sat: None,
            sun: None,
            exceptions: vec![],
        }
    }

    fn utc(raw: &str) -> DateTime<Utc> {
        raw.parse().unwrap()
    }

    #[test]
    fn open_inside_hours_in_the_route_time_zone() {
        let cal = weekdays_nine_to_five("America/New_York")
            .calendar()
            .unwrap();
        // Tuesday 2026-11-24 10:00 in New York is 15:00 UTC.
        assert!(cal.is_open(utc("2026-11-24T15:00:00Z")));
        assert!(!cal.is_open(utc("2026-11-24T13:59:00Z")));
        assert!(!cal.is_open(utc("2026-11-24T22:00:00Z")));
    }

    #[test]
    fn next_opening_skips_the_weekend() {
        let cal = weekdays_nine_to_five("America/New_York")
            .calendar()
            .unwrap();
        // Friday 2026-11-27 18:00 local -> Monday 2026-11-30 09:00 local (14:00 UTC).
        assert_eq!(
            cal.next_opening(utc("2026-11-27T23:00:00Z")),
            Some(utc("2026-11-30T14:00:00Z"))
        );
    }

    #[test]
    fn closing_time_is_exclusive_and_24_00_means_midnight() {
        let cal = weekdays_nine_to_five("UTC").calendar().unwrap();
        assert!(!cal.is_open(utc("2026-11-24T17:00:00Z")));
        let mut late = weekdays_nine_to_five("UTC");
        late.tue = Some(DayHours {
            start: "20:00".into(),
            end: "24:00".into(),
        });
        let cal = late.calendar().unwrap();
        assert!(cal.is_open(utc("2026-11-24T23:59:59Z")));
        assert_eq!(
            cal.next_opening(utc("2026-11-25T00:00:00Z")),
            Some(utc("2026-11-25T09:00:00Z"))
        );
    }

    #[test]
    fn exceptions_close_a_day_or_change_its_hours() {
        let mut hours = weekdays_nine_to_five("UTC");
        hours.exceptions = vec![
            DateException {
                date: "2026-12-25".parse().unwrap(),
                closed: true,
                start: None,
                end: None,
            },
            DateException {
                date: "2026-12-26".parse().unwrap(),
                closed: false,
                start: Some("10:00".into()),
                end: Some("12:00".into()),
            },
        ];
        let cal = hours.calendar().unwrap();
        assert!(!cal.is_open(utc("2026-12-25T10:00:00Z")));
        // Saturday the 26th opens specially at 10:00.
        assert_eq!(
            cal.next_opening(utc("2026-12-25T10:00:00Z")),
            Some(utc("2026-12-26T10:00:00Z"))
        );
    }

    #[test]
    fn a_calendar_with_no_open_day_never_opens() {
        let mut hours = weekdays_nine_to_five("UTC");
        hours.mon = None;
        hours.tue = None;
        hours.wed = None;
        hours.thu = None;
        hours.fri = None;
        assert_eq!(
            hours
                .calendar()
                .unwrap()
                .next_opening(utc("2026-11-24T10:00:00Z")),
            None
        );
    }

    #[test]
    fn spring_forward_gap_opens_after_the_gap() {
        let mut hours = weekdays_nine_to_five("America/New_York");
        hours.sun = Some(DayHours {
            start: "02:30".into(),
            end: "05:00".into(),
        });
        let cal = hours.calendar().unwrap();
        // 2027-03-14 02:30 does not exist in New York; 03:00 EDT is 07:00 UTC.
        assert_eq!(
            cal.next_opening(utc("2027-03-14T05:00:00Z")),
            Some(utc("2027-03-14T07:00:00Z"))
        );
    }

    #[test]
    fn invalid_calendars_are_explained() {
        let mut bad = weekdays_nine_to_five("Mars/Olympus");
        assert!(matches!(bad.calendar(), Err(InvalidHours::TimeZone(_))));
        bad.timezone = "UTC".into();
        bad.mon = Some(DayHours {
            start: "17:00".into(),
            end: "09:00".into(),
        });
        assert!(matches!(
            bad.calendar(),
            Err(InvalidHours::EmptyInterval(..))
        ));
        bad.mon = Some(DayHours {
            start: "9am".into(),
            end: "17:00".into(),
        });
        assert!(matches!(bad.calendar(), Err(InvalidHours::Time(..))));
        bad.mon = None;
        bad.exceptions = vec![DateException {
            date: "2026-12-25".parse().unwrap(),
            closed: false,
            start: None,
            end: None,
        }];
        assert!(matches!(bad.calendar(), Err(InvalidHours::Exception(_))));
    }
}
