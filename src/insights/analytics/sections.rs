//! The charts: messages over time, conversations by bot, outcomes, and the
//! bots ranked by booking rate.

use std::collections::{BTreeMap, HashMap};

use roaring::RoaringBitmap;

use super::bookings::RouteBookings;
use super::tally::Figures;
use super::views::{
    BotConversations, BotsChart, Leaderboard, LeaderboardRow, MessagePoint, MessagesChart,
    OutcomeCount, OutcomesChart,
};
use super::{bot_of, rfc3339, Frame};
use crate::domain::analytics::outcome::{outcome, quiet_since, Outcome};
use crate::storage::{Store, StoreResult};

pub fn messages(frame: &Frame) -> MessagesChart {
    let points = frame
        .buckets
        .iter()
        .zip(&frame.tally.buckets)
        .map(|(bucket, f)| MessagePoint {
            start: rfc3339(bucket.start_ms),
            local: bucket.local.clone(),
            inbound: f.inbound,
            outbound: f.outbound,
        })
        .collect();
    MessagesChart {
        points,
        inbound: frame.tally.total.inbound,
        outbound: frame.tally.total.outbound,
    }
}

/// Each bot's figures: its routes' together (a contact on two of its routes counts once).
struct BotFigures {
    name: String,
    figures: Figures,
    bookings: i64,
}

fn per_bot(
    frame: &Frame,
    bookings: Option<&HashMap<String, RouteBookings>>,
) -> BTreeMap<String, BotFigures> {
    let mut bots: BTreeMap<String, BotFigures> = BTreeMap::new();
    for route in &frame.routes {
        let (id, name) = bot_of(route);
        let bot = bots.entry(id).or_insert_with(|| BotFigures {
            name,
            figures: Figures::default(),
            bookings: 0,
        });
        if let Some(f) = frame.tally.routes.get(&route.id) {
            bot.figures.inbound += f.inbound;
            bot.figures.outbound += f.outbound;
            bot.figures.responses += f.responses;
            bot.figures.response_ms += f.response_ms;
            bot.figures.contacts |= &f.contacts;
            bot.figures.waits.merge(&f.waits);
        }
        bot.bookings += bookings
            .and_then(|b| b.get(&route.id))
            .map_or(0, |b| b.total);
    }
    bots
}

pub fn bots(frame: &Frame) -> BotsChart {
    let mut items: Vec<BotConversations> = per_bot(frame, None)
        .into_iter()
        .map(|(bot_id, b)| BotConversations {
            bot_id,
            bot_name: b.name,
            conversations: b.figures.conversations(),
            messages: b.figures.messages(),
        })
        .collect();
    items.sort_by(|a, b| {
        b.conversations
            .cmp(&a.conversations)
            .then_with(|| a.bot_name.cmp(&b.bot_name))
    });
    BotsChart { items }
}

pub async fn outcomes(
    store: &Store,
    frame: &Frame,
    dropped_after_days: u32,
) -> StoreResult<OutcomesChart> {
    let contacts: &RoaringBitmap = &frame.tally.total.contacts;
    let mut counts: BTreeMap<Outcome, i64> = Outcome::ALL.into_iter().map(|o| (o, 0)).collect();
    if !contacts.is_empty() {
        let quiet_since = quiet_since(frame.now_ms, dropped_after_days);
        for group in store.outcome_groups(quiet_since).await? {
            let members = group.members.intersection_len(contacts);
            if members > 0 {
                let outcome = outcome(
                    &group.status,
                    group.opted_out,
                    group.last_message_at,
                    frame.now_ms,
                    dropped_after_days,
                );
                *counts.entry(outcome).or_default() += members as i64;
            }
        }
    }
    let items: Vec<OutcomeCount> = counts
        .into_iter()
        .map(|(outcome, count)| OutcomeCount { outcome, count })
        .collect();
    Ok(OutcomesChart {
        total: items.iter().map(|i| i.count).sum(),
        items,
        dropped_after_days,
    })
}

/// Per bot: its CSAT average and how many answers it rests on.
pub type CsatByBot = HashMap<String, (f64, i64)>;

pub fn leaderboard(
    frame: &Frame,
    bookings: &HashMap<String, RouteBookings>,
    csat: &CsatByBot,
) -> Leaderboard {
    let mut rows: Vec<LeaderboardRow> = per_bot(frame, Some(bookings))
        .into_iter()
        .filter(|(_, b)| b.figures.conversations() > 0 || b.bookings > 0)
        .map(|(bot_id, b)| {
            let conversations = b.figures.conversations();
            let (csat_average, csat_responses) = csat
                .get(&bot_id)
                .map_or((None, 0), |(avg, n)| (Some(*avg), *n));
            LeaderboardRow {
                rank: 0,
                bot_name: b.name,
                conversations,
                bookings: b.bookings,
                booking_rate: (conversations > 0).then(|| b.bookings as f64 / conversations as f64),
                csat_average,
                csat_responses,
                average_response_ms: b.figures.average_response_ms(),
                median_response_ms: b.figures.waits.median_ms(),
                bot_id,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let rate = |r: &LeaderboardRow| r.booking_rate.unwrap_or(-1.0);
        rate(b)
            .total_cmp(&rate(a))
            .then(b.conversations.cmp(&a.conversations))
            .then_with(|| a.bot_name.cmp(&b.bot_name))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = i as i64 + 1;
    }
    Leaderboard { items: rows }
}
