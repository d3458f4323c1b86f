//! Customer satisfaction from our own survey (CloseBot has no such data):
//! the surveys sent in the range and the scores they got. With no answers
//! there is no average — never an invented number.

use std::collections::HashMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::sections::CsatByBot;
use super::views::Stat;
use super::{bot_of, Frame};
use crate::storage::{CsatSurvey, Store, StoreResult};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Csat {
    /// The average score (1–5) of the answers; `null` with none.
    #[serde(flatten)]
    pub average: Stat,
    /// Surveys answered with a score.
    pub responses: i64,
    pub surveys_sent: i64,
    /// responses ÷ surveys sent; `null` when none was sent.
    #[schema(required = true)]
    pub response_rate: Option<f64>,
    /// How many answers gave each score, 1 to 5.
    pub distribution: Vec<ScoreCount>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ScoreCount {
    pub score: u8,
    pub count: i64,
}

#[derive(Default)]
struct Scores {
    sum: i64,
    answered: i64,
    sent: i64,
}

impl Scores {
    fn add(&mut self, survey: &CsatSurvey) {
        self.sent += 1;
        if let Some(score) = survey.score {
            self.sum += i64::from(score);
            self.answered += 1;
        }
    }

    fn average(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.sum as f64 / self.answered as f64)
    }
}

/// The CSAT card, and each bot's average for the leaderboard.
pub async fn satisfaction(store: &Store, frame: &Frame) -> StoreResult<(Csat, CsatByBot)> {
    let previous = frame.period.previous();
    let surveys = store
        .csat_surveys(frame.period.start_ms, frame.period.end_ms)
        .await?;
    let before = store
        .csat_surveys(previous.start_ms, previous.end_ms)
        .await?;
    let mut total = Scores::default();
    let mut buckets: Vec<Scores> = frame.buckets.iter().map(|_| Scores::default()).collect();
    let mut distribution = [0i64; 5];
    for survey in &surveys {
        total.add(survey);
        let index = frame
            .buckets
            .partition_point(|b| b.start_ms <= survey.sent_at);
        if let Some(bucket) = index.checked_sub(1).and_then(|i| buckets.get_mut(i)) {
            bucket.add(survey);
        }
        if let Some(score @ 1..=5) = survey.score {
            distribution[usize::from(score) - 1] += 1;
        }
    }
    let mut earlier = Scores::default();
    before.iter().for_each(|s| earlier.add(s));
    let card = Csat {
        average: Stat::new(
            total.average(),
            earlier.average(),
            buckets.iter().map(Scores::average).collect(),
        ),
        responses: total.answered,
        surveys_sent: total.sent,
        response_rate: (total.sent > 0).then(|| total.answered as f64 / total.sent as f64),
        distribution: (1..=5u8)
            .zip(distribution)
            .map(|(score, count)| ScoreCount { score, count })
            .collect(),
    };
    Ok((card, by_bot(frame, &surveys)))
}

fn by_bot(frame: &Frame, surveys: &[CsatSurvey]) -> CsatByBot {
    let bots: HashMap<&str, String> = frame
        .routes
        .iter()
        .map(|r| (r.id.as_str(), bot_of(r).0))
        .collect();
    let mut scores: HashMap<String, Scores> = HashMap::new();
    for survey in surveys {
        if let Some(bot) = survey.route_id.as_deref().and_then(|r| bots.get(r)) {
            scores.entry(bot.clone()).or_default().add(survey);
        }
    }
    scores
        .into_iter()
        .filter_map(|(bot, s)| Some((bot, (s.average()?, s.answered))))
        .collect()
}
