//! A route's survey settings, as stored (JSON) and as the API shows them.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::MINUTE_MS;
use crate::domain::segments::MAX_BODY_CHARS;

pub const DEFAULT_QUESTION: &str = "How did we do? Reply 1–5 (5 = great).";
pub const DEFAULT_THANK_YOU: &str = "Thank you for your feedback!";
/// One day of silence before asking.
pub const DEFAULT_QUIET_MINUTES: u32 = 24 * 60;
/// Quiet times from one minute to thirty days.
pub const QUIET_MINUTES: std::ops::RangeInclusive<u32> = 1..=30 * 24 * 60;

/// Whether and how a route asks its customers for a 1–5 score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct SurveySettings {
    /// Off unless switched on.
    pub enabled: bool,
    /// The survey text.
    #[schema(example = "How did we do? Reply 1–5 (5 = great).")]
    pub question: String,
    /// Sent once after a score; empty: no thank-you.
    #[schema(example = "Thank you for your feedback!")]
    pub thank_you: String,
    /// Minutes without a message either way before a conversation counts as
    /// quiet and is surveyed (1 to 43200, i.e. 30 days).
    #[schema(example = 1440, minimum = 1, maximum = 43200)]
    pub quiet_minutes: u32,
}

impl Default for SurveySettings {
    fn default() -> Self {
        Self {
            enabled: false,
            question: DEFAULT_QUESTION.to_owned(),
            thank_you: DEFAULT_THANK_YOU.to_owned(),
            quiet_minutes: DEFAULT_QUIET_MINUTES,
        }
    }
}

impl SurveySettings {
    pub fn quiet_ms(&self) -> i64 {
        i64::from(self.quiet_minutes) * MINUTE_MS
    }

    /// Checks the settings; the error names the field (`csatSurvey.…`).
    pub fn validate(&self) -> Result<(), String> {
        if self.question.trim().is_empty() {
            return Err("csatSurvey.question must not be empty".into());
        }
        for (field, text) in [("question", &self.question), ("thankYou", &self.thank_you)] {
            if text.chars().count() > MAX_BODY_CHARS {
                return Err(format!(
                    "csatSurvey.{field} is longer than {MAX_BODY_CHARS} characters"
                ));
            }
        }
        if !QUIET_MINUTES.contains(&self.quiet_minutes) {
            return Err(format!(
                "csatSurvey.quietMinutes must be between 1 minute and 30 days ({} minutes)",
                QUIET_MINUTES.end()
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_off_with_the_usual_wording_and_a_day_of_quiet() {
        let settings: SurveySettings = serde_json::from_str("{}").unwrap();
        assert_eq!(settings, SurveySettings::default());
        assert!(!settings.enabled);
        assert_eq!(settings.quiet_ms(), 86_400_000);
        assert_eq!(settings.validate(), Ok(()));
    }

    #[test]
    fn each_refusal_names_its_field() {
        let bad = |patch: fn(&mut SurveySettings)| {
            let mut settings = SurveySettings::default();
            patch(&mut settings);
            settings.validate().unwrap_err()
        };
        assert!(bad(|s| s.question = "  ".into()).starts_with("csatSurvey.question "));
        assert!(bad(|s| s.thank_you = "x".repeat(1601)).starts_with("csatSurvey.thankYou "));
        assert!(bad(|s| s.quiet_minutes = 0).starts_with("csatSurvey.quietMinutes "));
        assert!(bad(|s| s.quiet_minutes = 43_201).starts_with("csatSurvey.quietMinutes "));
        let mut edge = SurveySettings {
            quiet_minutes: 1,
            thank_you: String::new(),
            ..SurveySettings::default()
        };
        assert_eq!(edge.validate(), Ok(()), "one minute, no thank-you");
        edge.quiet_minutes = 43_200;
        assert_eq!(edge.validate(), Ok(()), "thirty days");
    }
}
