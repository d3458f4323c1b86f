//! Satisfaction surveys sent and their answers (see `domain::csat`).

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};
use crate::domain::csat::Trigger;

/// A survey that went out, with its answer if one came (for the analytics).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsatSurvey {
    pub route_id: Option<String>,
    pub contact_id: String,
    pub sent_at: i64,
    pub answered_at: Option<i64>,
    pub score: Option<u8>,
}

/// A contact's latest survey, as the answer and the rules need it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct SurveyRecord {
    pub id: i64,
    /// The survey text.
    pub message_id: i64,
    pub sent_at: i64,
    pub answered_at: Option<i64>,
    pub answer_message_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct SurveyRow {
    route_id: Option<String>,
    contact_id: String,
    sent_at: i64,
    answered_at: Option<i64>,
    score: Option<i64>,
}

pub struct NewSurvey<'a> {
    pub contact_id: &'a str,
    pub route_id: &'a str,
    pub trigger: Trigger,
    pub message_id: i64,
}

impl Store {
    /// Surveys sent in `[from_ms, to_ms)`, oldest first, with their answers.
    /// A survey whose text never reached the customer (held back, refused
    /// or undelivered) was not sent.
    pub async fn csat_surveys(&self, from_ms: i64, to_ms: i64) -> StoreResult<Vec<CsatSurvey>> {
        let rows: Vec<SurveyRow> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT s.route_id, s.contact_id, s.sent_at, s.answered_at, s.score
             FROM csat_surveys s JOIN messages m ON m.id = s.message_id
             WHERE s.sent_at >= $1 AND s.sent_at < $2
               AND COALESCE(m.twilio_status, '') NOT IN ('canceled', 'failed', 'undelivered')
             ORDER BY s.sent_at, s.id",
        )
        .bind(from_ms)
        .bind(to_ms)
        .fetch_all(db)
        .await)?;
        Ok(rows
            .into_iter()
            .map(|row| CsatSurvey {
                route_id: row.route_id,
                contact_id: row.contact_id,
                sent_at: row.sent_at,
                answered_at: row.answered_at,
                score: row.score.and_then(|s| u8::try_from(s).ok()),
            })
            .collect())
    }
}

impl Tx {
    pub async fn latest_survey(&mut self, contact_id: &str) -> StoreResult<Option<SurveyRecord>> {
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_as(
            "SELECT id, message_id, sent_at, answered_at, answer_message_id FROM csat_surveys
             WHERE contact_id = $1 ORDER BY sent_at DESC, id DESC LIMIT 1",
        )
        .bind(contact_id)
        .fetch_optional(db)
        .await)?)
    }

    pub async fn insert_survey(&mut self, survey: NewSurvey<'_>, now_ms: i64) -> StoreResult<i64> {
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "INSERT INTO csat_surveys (contact_id, route_id, reason, message_id, sent_at)
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(survey.contact_id)
        .bind(survey.route_id)
        .bind(survey.trigger.as_str())
        .bind(survey.message_id)
        .bind(now_ms)
        .fetch_one(db)
        .await)?)
    }

    /// Records the score of an unanswered survey; false when it had one.
    pub async fn record_survey_answer(
        &mut self,
        survey_id: i64,
        score: u8,
        answer_message_id: i64,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let recorded = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE csat_surveys SET score = $1, answered_at = $2, answer_message_id = $3
             WHERE id = $4 AND answered_at IS NULL",
        )
        .bind(i64::from(score))
        .bind(now_ms)
        .bind(answer_message_id)
        .bind(survey_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(recorded.rows_affected() > 0)
    }

    pub async fn set_survey_thank_you(
        &mut self,
        survey_id: i64,
        message_id: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE csat_surveys SET thank_you_message_id = $1 WHERE id = $2"
        )
        .bind(message_id)
        .bind(survey_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Whether neither the bot nor a person has texted the contact since
    /// message `since_id`: until one does, a bare score answers the survey.
    pub async fn survey_still_current(
        &mut self,
        contact_id: &str,
        since_id: i64,
    ) -> StoreResult<bool> {
        let spoken: bool = on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM messages WHERE contact_id = $1 AND id > $2
                            AND direction = 'outbound' AND source IN ('bot', 'manual'))",
        )
        .bind(contact_id)
        .bind(since_id)
        .fetch_one(db)
        .await)?;
        Ok(!spoken)
    }

    /// The contact's latest message, either way.
    pub async fn last_message_id(&mut self, contact_id: &str) -> StoreResult<Option<i64>> {
        let id: Option<Option<i64>> = on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT last_message_id FROM contacts WHERE id = $1"
        )
        .bind(contact_id)
        .fetch_optional(db)
        .await)?;
        Ok(id.flatten())
    }

    /// Whether the customer ever texted us (a conversation, not only our texts).
    pub async fn customer_has_texted(&mut self, contact_id: &str) -> StoreResult<bool> {
        Ok(on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM messages WHERE contact_id = $1 AND direction = 'inbound')",
            )
            .bind(contact_id)
            .fetch_one(db)
            .await
        })?)
    }

    /// Forgets a survey whose text was held back before it went out, so it
    /// neither counts as sent nor blocks the next one; what triggered it.
    pub async fn forget_unsent_survey(
        &mut self,
        contact_id: &str,
        message_id: i64,
    ) -> StoreResult<Option<Trigger>> {
        let reason: Option<String> = on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "DELETE FROM csat_surveys WHERE contact_id = $1 AND message_id = $2 RETURNING reason",
            )
            .bind(contact_id)
            .bind(message_id)
            .fetch_optional(db)
            .await
        })?;
        Ok(reason.as_deref().and_then(Trigger::parse))
    }
}
