//! Our own customer-satisfaction survey (CloseBot has none): a route may ask
//! "How did we do? Reply 1–5" after a booking or once a conversation has gone
//! quiet, and a score in reply is recorded instead of reaching the bot.
//!
//! `settings`: what a route asks and when; `score`: reading a reply as a
//! score; `rules`: whether a contact may be surveyed now.

pub mod rules;
pub mod score;
pub mod settings;

pub use rules::{may_survey, NotSurveyed, SurveyFacts, SurveyVerdict, Trigger};
pub use score::parse_score;
pub use settings::SurveySettings;

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// A contact is surveyed at most once in this long.
pub const REPEAT_AFTER_MS: i64 = 30 * DAY_MS;
/// A reply counts as the survey's answer only this long after it was sent.
pub const ANSWER_WITHIN_MS: i64 = 3 * DAY_MS;
