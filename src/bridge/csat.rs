//! The satisfaction survey's flows: deciding a candidate (queue the survey,
//! wait for opening, or not at all), reading a customer's reply as its
//! answer, and forgetting a survey the send held back.

use super::audience::audience;
use super::outbound::{queue_sms, Origin, Outgoing};
use crate::domain::csat::{
    may_survey, parse_score, SurveyFacts, SurveyVerdict, Trigger, ANSWER_WITHIN_MS,
};
use crate::domain::eligibility::{may_send, Audience, Automatic, Purpose, Verdict};
use crate::domain::message::Source;
use crate::domain::request_id::RequestId;
use crate::storage::{Candidate, Contact, NewSurvey, Route, StoreResult, Tx};

/// A route closed with no opening in sight: look again this much later.
const RECHECK_CLOSED_MS: i64 = 24 * 3_600_000;

/// Decides one candidate; true when its survey was queued.
pub async fn decide(tx: &mut Tx, candidate: &Candidate, now_ms: i64) -> StoreResult<bool> {
    let Some(contact) = tx.contact(&candidate.contact_id).await? else {
        tx.drop_csat_candidate(&candidate.contact_id).await?;
        return Ok(false);
    };
    let route = match contact.assigned_route_id.as_deref() {
        Some(id) => tx.route_even_deleted(id).await?,
        None => None,
    };
    let quiet = candidate.trigger == Trigger::Quiet;
    let facts = SurveyFacts {
        trigger: candidate.trigger,
        survey_enabled: route.as_ref().is_some_and(|r| r.csat_survey.enabled),
        audience: audience(&contact, route.as_ref(), now_ms),
        last_survey_at: tx.latest_survey(&contact.id).await?.map(|s| s.sent_at),
        customer_texted: !quiet || tx.customer_has_texted(&contact.id).await?,
        still_quiet: !quiet
            || tx.last_message_id(&contact.id).await? == candidate.quiet_after_message_id,
        now_ms,
    };
    match (may_survey(&facts), route) {
        (SurveyVerdict::Send, Some(route)) => {
            tx.drop_csat_candidate(&contact.id).await?;
            send_survey(tx, &contact, &route, candidate.trigger, now_ms).await
        }
        (SurveyVerdict::Wait { until }, _) => {
            let due = until.unwrap_or(now_ms + RECHECK_CLOSED_MS).max(now_ms + 1);
            tx.postpone_csat_candidate(&contact.id, due).await?;
            Ok(false)
        }
        _ => {
            tx.drop_csat_candidate(&contact.id).await?;
            Ok(false)
        }
    }
}

async fn send_survey(
    tx: &mut Tx,
    contact: &Contact,
    route: &Route,
    trigger: Trigger,
    now_ms: i64,
) -> StoreResult<bool> {
    let out = Outgoing {
        contact,
        route_id: Some(&route.id),
        bot_name: route.bot_name.as_deref(),
        from_number: &route.twilio_number,
        body: &route.csat_survey.question,
        source: Source::System,
        sent_by_user_id: None,
        closebot_message_id: None,
        purpose: Purpose::Automatic(Automatic::Survey),
        not_before: None,
        import_id: None,
        origin: Origin::default(),
    };
    let Some(message_id) = queue_sms(tx, out, now_ms).await? else {
        return Ok(false);
    };
    let survey = NewSurvey {
        contact_id: &contact.id,
        route_id: &route.id,
        trigger,
        message_id,
    };
    tx.insert_survey(survey, now_ms).await?;
    Ok(true)
}

/// What a customer's text is to their latest survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyReply {
    /// The score of a survey still waiting for one.
    Answer { survey_id: i64, score: u8 },
    /// Another score for a survey already answered: the first one stands.
    Repeat,
}

/// Reads `body` against the contact's latest survey: a score alone, within
/// three days of the survey and before the bot or a person has texted them
/// since (after that, a bare number answers whatever they asked).
pub async fn reply_to_survey(
    tx: &mut Tx,
    contact: &Contact,
    body: &str,
    now_ms: i64,
) -> StoreResult<Option<SurveyReply>> {
    let Some(score) = parse_score(body) else {
        return Ok(None);
    };
    let Some(survey) = tx.latest_survey(&contact.id).await? else {
        return Ok(None);
    };
    if now_ms - survey.sent_at > ANSWER_WITHIN_MS {
        return Ok(None);
    }
    let since = survey.answer_message_id.unwrap_or(survey.message_id);
    if !tx.survey_still_current(&contact.id, since).await? {
        return Ok(None);
    }
    Ok(Some(match survey.answered_at {
        None => SurveyReply::Answer {
            survey_id: survey.id,
            score,
        },
        Some(_) => SurveyReply::Repeat,
    }))
}

/// An answer that was just stored as message `message_id`.
pub struct Answer<'a> {
    pub survey_id: i64,
    pub score: u8,
    pub message_id: i64,
    pub contact: &'a Contact,
    pub route: Option<&'a Route>,
    pub audience: Audience,
    /// Our number the answer came to (the thank-you goes out from it).
    pub our_number: &'a str,
    /// The answer's MessageSid (its trace reaches the thank-you).
    pub answer_sid: &'a str,
    /// The request that brought the answer in (the thank-you's send logs it).
    pub request_id: Option<&'a RequestId>,
}

/// Records the score and queues the route's thank-you (once: only the
/// first score of a survey gets here); true when a thank-you was queued.
pub async fn record_answer(tx: &mut Tx, answer: Answer<'_>, now_ms: i64) -> StoreResult<bool> {
    let recorded = tx
        .record_survey_answer(answer.survey_id, answer.score, answer.message_id, now_ms)
        .await?;
    let Some(route) = answer.route.filter(|_| recorded) else {
        return Ok(false);
    };
    let thanks = route.csat_survey.thank_you.trim();
    if thanks.is_empty() || may_send(Automatic::SurveyThanks, &answer.audience) != Verdict::Send {
        return Ok(false);
    }
    let out = Outgoing {
        contact: answer.contact,
        route_id: Some(&route.id),
        bot_name: route.bot_name.as_deref(),
        from_number: answer.our_number,
        body: thanks,
        source: Source::System,
        sent_by_user_id: None,
        closebot_message_id: None,
        purpose: Purpose::Automatic(Automatic::SurveyThanks),
        not_before: None,
        import_id: None,
        origin: Origin {
            request_id: answer.request_id,
            text_at: None,
            answers_sid: Some(answer.answer_sid),
        },
    };
    let Some(thank_you) = queue_sms(tx, out, now_ms).await? else {
        return Ok(false);
    };
    tx.set_survey_thank_you(answer.survey_id, thank_you).await?;
    Ok(true)
}

/// The send held a survey text back (`canceled`): it does not count as
/// sent. When only the route's hours stopped it, the contact is asked again
/// at `retry_at` (the opening), as if the conversation had gone quiet after
/// that text or, for a booking, as the booking it was.
pub async fn survey_not_sent(
    tx: &mut Tx,
    contact_id: &str,
    message_id: i64,
    retry_at: Option<i64>,
) -> StoreResult<()> {
    let Some(trigger) = tx.forget_unsent_survey(contact_id, message_id).await? else {
        return Ok(());
    };
    if let Some(due_at) = retry_at {
        let candidate = Candidate {
            contact_id: contact_id.to_owned(),
            trigger,
            quiet_after_message_id: Some(message_id),
        };
        tx.add_csat_candidate(&candidate, due_at).await?;
    }
    Ok(())
}
