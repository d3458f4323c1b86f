//! A bot's figures from our own data (its routes' conversations and
//! messages, a 7-day series) and its bookings from CloseBot's agency summary
//! per route source, with the conversion they make.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Days, NaiveDate, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;
use utoipa::ToSchema;

use super::bookings::BookingsCache;
use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;
use crate::storage::{Route, RouteActivity, RouteHour};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotFigures {
    /// Conversations of its routes (all time).
    pub conversations: i64,
    /// Messages in those conversations (all time).
    pub messages: i64,
    /// When its last message was (RFC 3339).
    #[schema(required = true)]
    pub last_active: Option<String>,
    /// Messages per day over the last 7 days, oldest first.
    pub last_seven_days: Vec<DayCount>,
    /// This month's bookings from CloseBot (its routes' sources added up).
    #[schema(required = true)]
    pub bookings_this_month: Option<i64>,
    /// Conversations with a message this month.
    pub conversations_this_month: i64,
    /// Bookings ÷ this month's conversations (0..1).
    #[schema(required = true)]
    pub conversion: Option<f64>,
    /// Where the bookings figure comes from, or why there is none.
    pub bookings_source: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DayCount {
    /// YYYY-MM-DD in the time zone asked for.
    pub date: String,
    pub inbound: i64,
    pub outbound: i64,
}

/// The start of the local day 6 days ago and the month's start, in `tz`.
pub fn windows(tz: Tz, now_ms: i64) -> (NaiveDate, i64, i64) {
    let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
    let today = now.with_timezone(&tz).date_naive();
    let first_day = today.checked_sub_days(Days::new(6)).unwrap_or(today);
    let start = |day: NaiveDate| {
        tz.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN))
            .earliest()
            .map_or(now_ms, |t| t.timestamp_millis())
    };
    let month = today.with_day(1).unwrap_or(today);
    (first_day, start(first_day), start(month))
}

pub struct Inputs<'a> {
    pub routes: &'a [&'a Route],
    pub activity: &'a HashMap<String, RouteActivity>,
    pub hours: &'a [RouteHour],
    pub first_day: NaiveDate,
    pub tz: Tz,
}

pub async fn figures(
    input: Inputs<'_>,
    bookings: &BookingsCache,
    closebot: &CloseBotClient,
    credentials: &CredentialStore,
    now_ms: i64,
) -> BotFigures {
    let ids: HashSet<&str> = input.routes.iter().map(|r| r.id.as_str()).collect();
    let mut totals = RouteActivity::default();
    for id in &ids {
        if let Some(a) = input.activity.get(*id) {
            totals.conversations += a.conversations;
            totals.messages += a.messages;
            totals.conversations_since += a.conversations_since;
            totals.last_message_at = totals.last_message_at.max(a.last_message_at);
        }
    }
    let mut days: BTreeMap<NaiveDate, (i64, i64)> = (0..7)
        .filter_map(|d| input.first_day.checked_add_days(Days::new(d)))
        .map(|d| (d, (0, 0)))
        .collect();
    for hour in input
        .hours
        .iter()
        .filter(|h| ids.contains(h.route_id.as_str()))
    {
        let local = chrono::DateTime::from_timestamp_millis(hour.hour_start)
            .unwrap_or_default()
            .with_timezone(&input.tz)
            .date_naive();
        if let Some(day) = days.get_mut(&local) {
            day.0 += hour.inbound;
            day.1 += hour.outbound;
        }
    }
    let sources: HashSet<&str> = input
        .routes
        .iter()
        .map(|r| r.closebot_source_id.as_str())
        .collect();
    let (booked, source) = month_bookings(&sources, bookings, closebot, credentials, now_ms).await;
    BotFigures {
        conversations: totals.conversations,
        messages: totals.messages,
        last_active: totals.last_message_at.map(crate::clock::to_rfc3339),
        last_seven_days: days
            .into_iter()
            .map(|(date, (inbound, outbound))| DayCount {
                date: date.to_string(),
                inbound,
                outbound,
            })
            .collect(),
        conversion: booked
            .filter(|_| totals.conversations_since > 0)
            .map(|b| b as f64 / totals.conversations_since as f64),
        bookings_this_month: booked,
        conversations_this_month: totals.conversations_since,
        bookings_source: source,
    }
}

async fn month_bookings(
    sources: &HashSet<&str>,
    bookings: &BookingsCache,
    closebot: &CloseBotClient,
    credentials: &CredentialStore,
    now_ms: i64,
) -> (Option<i64>, String) {
    if sources.is_empty() {
        return (None, "No route: nothing to count bookings for".into());
    }
    let mut total = 0;
    for source in sources {
        let found = bookings
            .of_source(closebot, credentials, Some(source), now_ms)
            .await;
        match found.value {
            Some(n) => total += n,
            None => {
                return (
                    None,
                    found
                        .reason
                        .unwrap_or_else(|| "CloseBot gave no figure".into()),
                )
            }
        }
    }
    let plural = if sources.len() == 1 { "" } else { "s" };
    (
        Some(total),
        format!(
            "CloseBot's agency summary for this month, per source ({} source{plural})",
            sources.len()
        ),
    )
}
