//! An inbound SMS from Twilio: stored once (keyed by MessageSid), then
//! compliance keywords, a satisfaction survey's score, routing, takeover and
//! business hours decide whether and when it goes to the bot.

mod replies;

use serde_json::json;

use super::audience::{audience, ForwardDecision};
use super::csat::{self, SurveyReply};
use super::events::{self, on_route, subject, MessageFacts};
use super::trace::verdict_hop;
use crate::domain::eligibility::{may_send, Automatic, Verdict};
use crate::domain::events::{EventData, NewLead, Unrouted};
use crate::domain::keywords::{self, Keyword};
use crate::domain::message::{Direction, Source};
use crate::domain::phone::PhoneNumber;
use crate::domain::request_id::RequestId;
use crate::domain::trace::{Hop, HopKind, SignatureCheck};
use crate::preferences::MessagingPreferences;
use crate::storage::{
    ContactUpsert, JobKind, MessageRef, NewJob, NewMessage, Provider, StoreResult, Tx,
};
use replies::{after_hours_reply, apply_keyword, greet, Context};

/// The fields of Twilio's inbound-message webhook the bridge uses.
#[derive(Debug, Clone)]
pub struct InboundSms {
    pub message_sid: String,
    pub from: PhoneNumber,
    pub to: PhoneNumber,
    pub body: String,
    pub media_urls: Vec<String>,
    pub receipt: Receipt,
    /// The webhook request that brought it: the jobs it queues carry it.
    pub request_id: Option<RequestId>,
}

/// How the webhook carrying the text arrived (for its trace).
#[derive(Debug, Clone, Copy)]
pub struct Receipt {
    pub at_ms: i64,
    pub signature: SignatureCheck,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    Stored {
        message_id: i64,
        forward: ForwardDecision,
        wakes: Vec<Provider>,
    },
    Duplicate,
}

/// Far enough ahead to mean "until the route's hours change".
const NEVER_OPENS_HOLD_MS: i64 = 400 * 24 * 3600 * 1000;

pub async fn record(
    tx: &mut Tx,
    sms: InboundSms,
    messaging: MessagingPreferences,
    now_ms: i64,
) -> StoreResult<Accepted> {
    // A repeated MessageSid is caught by the message insert below (unique SID).
    let route = tx.route_by_number(sms.to.as_str()).await?;
    let upsert = ContactUpsert {
        phone: &sms.from,
        route_id: route.as_ref().map(|r| r.id.as_str()),
        bot_id: route.as_ref().and_then(|r| r.closebot_bot_id.as_deref()),
    };
    let (contact, created) = tx.upsert_inbound_contact(upsert, now_ms).await?;
    let keyword = keywords::classify(&sms.body).filter(|(kind, word)| {
        !(*kind == Keyword::OptIn && keywords::is_ambiguous_answer(word) && !contact.opted_out)
    });
    let to = audience(&contact, route.as_ref(), now_ms);
    let verdict = may_send(Automatic::BotForward, &to);
    let survey_reply = match keyword {
        Some(_) => None,
        None => csat::reply_to_survey(tx, &contact, &sms.body, now_ms).await?,
    };
    let forward = match (&keyword, survey_reply) {
        // Keywords are for us (and Twilio), never for the bot; so are scores.
        (Some(_), _) => ForwardDecision::Keyword,
        (None, Some(_)) => ForwardDecision::SurveyAnswer,
        (None, None) => ForwardDecision::of(verdict),
    };

    let route_id = route.as_ref().map(|r| r.id.clone());
    let message = NewMessage {
        contact_id: &contact.id,
        route_id: route_id.as_deref(),
        direction: Direction::Inbound,
        source: Source::Customer,
        body: &sms.body,
        from_number: sms.from.as_str(),
        to_number: sms.to.as_str(),
        media_urls: &sms.media_urls,
        twilio_sid: Some(&sms.message_sid),
        twilio_status: Some("received"),
        closebot_message_id: None,
        forward_state: Some(forward.as_str()),
        sent_by_user_id: None,
    };
    let Some(message_id) = tx.insert_message(&message, now_ms).await? else {
        tx.trace(
            MessageRef::TwilioSid(sms.message_sid.clone()),
            received(&sms, true),
        );
        return Ok(Accepted::Duplicate);
    };
    tx.trace(MessageRef::Id(message_id), received(&sms, false));
    tx.trace(MessageRef::Id(message_id), Hop::ok(HopKind::Stored, now_ms));
    let queued = match (&keyword, forward) {
        (Some((_, word)), _) => Hop::withheld(
            HopKind::QueuedForBot,
            &format!(
                "Not forwarded: {} is a keyword the app answers itself",
                word
            ),
            now_ms,
        ),
        (None, ForwardDecision::SurveyAnswer) => Hop::withheld(
            HopKind::QueuedForBot,
            "Not forwarded: a satisfaction survey score, recorded by the app",
            now_ms,
        ),
        _ => verdict_hop(HopKind::QueuedForBot, verdict, &contact, now_ms),
    };
    tx.trace(MessageRef::Id(message_id), queued);

    let bot_name = route.as_ref().and_then(|r| r.bot_name.as_deref());
    if created {
        let lead = EventData::NewLead(NewLead {
            subject: subject(&contact),
        });
        tx.record_event(on_route(route_id.as_deref(), bot_name, lead), now_ms)
            .await?;
    }
    let facts = MessageFacts {
        id: message_id,
        body: &sms.body,
        direction: Direction::Inbound,
        source: Source::Customer,
        status: Some(forward.as_str()),
    };
    let arrived = EventData::MessageIn(events::message(&contact, facts));
    tx.record_event(on_route(route_id.as_deref(), bot_name, arrived), now_ms)
        .await?;

    let mut wakes = Vec::new();
    if let Some(SurveyReply::Answer { survey_id, score }) = survey_reply {
        let answer = csat::Answer {
            survey_id,
            score,
            message_id,
            contact: &contact,
            route: route.as_ref(),
            audience: to,
            our_number: sms.to.as_str(),
            answer_sid: &sms.message_sid,
            request_id: sms.request_id.as_ref(),
        };
        if csat::record_answer(tx, answer, now_ms).await? {
            wakes.push(Provider::Twilio);
        }
    }
    let ctx = Context {
        contact: &contact,
        route: route.as_ref(),
        audience: to,
        sms: &sms,
        messaging: &messaging,
        now_ms,
    };
    if let Some((kind, word)) = &keyword {
        if apply_keyword(tx, &ctx, *kind, word).await? {
            wakes.push(Provider::Twilio);
        }
    }
    match (forward, &route) {
        (ForwardDecision::Queued | ForwardDecision::Held, Some(route)) => {
            let run_at = match verdict {
                Verdict::Hold { until } => until.unwrap_or(now_ms + NEVER_OPENS_HOLD_MS),
                _ => now_ms,
            }
            .max(now_ms);
            tx.enqueue(
                NewJob {
                    kind: JobKind::ForwardToBot,
                    contact_id: &contact.id,
                    message_id: Some(message_id),
                    route_id: Some(&route.id),
                    payload: json!({}),
                    run_at,
                    request_id: sms.request_id.as_ref(),
                },
                now_ms,
            )
            .await?;
            wakes.push(Provider::Closebot);
            let replied = match verdict {
                Verdict::Hold { until } => after_hours_reply(tx, &ctx, route, until).await?,
                Verdict::Send if created => greet(tx, &ctx, route).await?,
                _ => false,
            };
            if replied {
                wakes.push(Provider::Twilio);
            }
        }
        (ForwardDecision::NoRoute | ForwardDecision::InactiveRoute, _) => {
            let reason = if forward == ForwardDecision::NoRoute {
                format!(
                    "No route for {}: the text was kept but not forwarded",
                    sms.to
                )
            } else {
                format!(
                    "The route for {} is inactive: the text was kept but not forwarded",
                    sms.to
                )
            };
            let unrouted = EventData::Unrouted(Unrouted {
                subject: subject(&contact),
                message_id: message_id.to_string(),
                twilio_number: sms.to.as_str().to_owned(),
                reason,
            });
            tx.record_event(on_route(route_id.as_deref(), bot_name, unrouted), now_ms)
                .await?;
        }
        _ => {}
    }
    Ok(Accepted::Stored {
        message_id,
        forward,
        wakes,
    })
}

/// The webhook's hop: its signature, and whether Twilio sent it before.
fn received(sms: &InboundSms, duplicate: bool) -> Hop {
    Hop::ok(HopKind::WebhookReceived, sms.receipt.at_ms).with(|d| {
        d.signature = Some(sms.receipt.signature);
        d.duplicate = Some(duplicate);
        d.twilio_sid = Some(sms.message_sid.clone());
        if duplicate {
            d.note = Some(
                "Twilio delivered this text again: it was not stored or forwarded twice".into(),
            );
        }
    })
}
