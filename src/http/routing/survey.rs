//! The `csatSurvey` part of a route's body: a change to its satisfaction
//! survey, validated with the refusal naming its field.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::csat::SurveySettings;
use crate::http::error::{ApiError, ApiResult};

/// Changes to the route's survey; absent fields keep their value.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SurveyBody {
    pub enabled: Option<bool>,
    /// Must not be empty.
    pub question: Option<String>,
    /// Empty: no thank-you.
    pub thank_you: Option<String>,
    /// 1 to 43200 (one minute to 30 days).
    #[schema(minimum = 1, maximum = 43200)]
    pub quiet_minutes: Option<i64>,
}

impl SurveyBody {
    pub fn apply(self, base: SurveySettings) -> ApiResult<SurveySettings> {
        let quiet_minutes = match self.quiet_minutes {
            // Out of u32's range is out of the allowed range too.
            Some(minutes) => u32::try_from(minutes).unwrap_or(0),
            None => base.quiet_minutes,
        };
        let settings = SurveySettings {
            enabled: self.enabled.unwrap_or(base.enabled),
            question: self.question.map_or(base.question, |q| q.trim().to_owned()),
            thank_you: self
                .thank_you
                .map_or(base.thank_you, |t| t.trim().to_owned()),
            quiet_minutes,
        };
        settings.validate().map_err(ApiError::validation)?;
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_keep_their_value_and_texts_are_trimmed() {
        let base = SurveySettings {
            enabled: true,
            quiet_minutes: 5,
            ..SurveySettings::default()
        };
        let change = SurveyBody {
            thank_you: Some("  Thanks!  ".into()),
            ..SurveyBody::default()
        };
        let applied = change.apply(base.clone()).unwrap();
        assert_eq!(
            applied,
            SurveySettings {
                thank_you: "Thanks!".into(),
                ..base
            }
        );
    }

    #[test]
    fn a_quiet_time_out_of_range_is_refused_by_name() {
        for minutes in [0, -5, 43_201, i64::MAX] {
            let change = SurveyBody {
                quiet_minutes: Some(minutes),
                ..SurveyBody::default()
            };
            let error = change.apply(SurveySettings::default()).unwrap_err();
            assert_eq!(error.status.as_u16(), 422);
            assert!(
                error.message.starts_with("csatSurvey.quietMinutes "),
                "{}",
                error.message
            );
        }
    }
}
