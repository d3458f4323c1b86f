//! What the analytics endpoints answer (camelCase JSON, RFC 3339 UTC times;
//! every series is aligned with the answer's `buckets`).

use serde::Serialize;
use utoipa::ToSchema;

use super::bookings::BookingSource;
use crate::domain::analytics::outcome::Outcome;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RangeView {
    pub start: String,
    pub end: String,
    /// The period of the same length just before, for the % changes.
    pub previous_start: String,
    pub previous_end: String,
    /// The business's IANA zone the buckets follow.
    pub time_zone: String,
    /// hour, day or week.
    pub resolution: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BucketView {
    pub start: String,
    pub end: String,
    /// The local start: `2026-11-01`, or `2026-11-01T14:00` for hours.
    pub local: String,
}

/// A figure with its value over the previous period of the same length.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Stat {
    #[schema(required = true)]
    pub value: Option<f64>,
    #[schema(required = true)]
    pub previous: Option<f64>,
    /// (value − previous) ÷ previous; `null` when either is missing or previous is 0.
    #[schema(required = true)]
    pub change: Option<f64>,
    /// The value per bucket (`null` where it is undefined, e.g. no replies).
    pub series: Vec<Option<f64>>,
}

impl Stat {
    pub fn new(value: Option<f64>, previous: Option<f64>, series: Vec<Option<f64>>) -> Self {
        let change = match (value, previous) {
            (Some(v), Some(p)) if p != 0.0 => Some((v - p) / p),
            _ => None,
        };
        Self {
            value,
            previous,
            change,
            series,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BookingRate {
    /// Bookings ÷ conversations (0..1).
    #[serde(flatten)]
    pub rate: Stat,
    pub bookings: i64,
    pub previous_bookings: i64,
    /// Each source used, with the routes it counted.
    pub sources: Vec<SourceUse>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceUse {
    pub source: BookingSource,
    pub routes: i64,
    /// Why CloseBot's figure was not used, when it was not (the first reason).
    #[schema(required = true)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseTime {
    /// Average wait of a customer for the bot's reply, in milliseconds.
    #[serde(flatten)]
    pub average_ms: Stat,
    /// The median wait (from 5%-wide bins: within 2.5%).
    #[schema(required = true)]
    pub median_ms: Option<i64>,
    /// Bot replies that answered a waiting customer.
    pub responses: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Preparing {
    /// Messages stored before the analytics existed, counted so far.
    pub done: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagePoint {
    pub start: String,
    pub local: String,
    pub inbound: i64,
    pub outbound: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessagesChart {
    pub points: Vec<MessagePoint>,
    pub inbound: i64,
    pub outbound: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotConversations {
    /// CloseBot's bot id, or `route:<id>` for a route that names no bot.
    pub bot_id: String,
    pub bot_name: String,
    pub conversations: i64,
    pub messages: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotsChart {
    /// Most conversations first.
    pub items: Vec<BotConversations>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCount {
    pub outcome: Outcome,
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OutcomesChart {
    /// Conversations in the range (the donut's centre).
    pub total: i64,
    /// booked, qualified, dropped, pending, in that order.
    pub items: Vec<OutcomeCount>,
    /// Quiet for longer than this counts as dropped (Settings).
    pub dropped_after_days: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeaderboardRow {
    pub rank: i64,
    pub bot_id: String,
    pub bot_name: String,
    pub conversations: i64,
    pub bookings: i64,
    #[schema(required = true)]
    pub booking_rate: Option<f64>,
    #[schema(required = true)]
    pub csat_average: Option<f64>,
    pub csat_responses: i64,
    #[schema(required = true)]
    pub average_response_ms: Option<i64>,
    #[schema(required = true)]
    pub median_response_ms: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Leaderboard {
    /// Best booking rate first (then most conversations).
    pub items: Vec<LeaderboardRow>,
}
