//! An inbound SMS from Twilio: stored once (keyed by MessageSid), then
//! compliance keywords, routing, takeover and business hours decide whether
//! and when it goes to the bot.

use serde_json::json;

use super::events::{contact_event, message_event, MessageFacts};
use super::outbound::{queue_sms, Outgoing};
use crate::domain::keywords::{self, Keyword};
use crate::domain::message::{ConversationMode, Direction, Source};
use crate::domain::phone::PhoneNumber;
use crate::preferences::MessagingPreferences;
use crate::storage::{
    Contact, ContactUpsert, JobKind, NewJob, NewMessage, OptOutEvidence, Provider, Route,
    StoreResult, Tx,
};

/// The fields of Twilio's inbound-message webhook the bridge uses.
#[derive(Debug, Clone)]
pub struct InboundSms {
    pub message_sid: String,
    pub from: PhoneNumber,
    pub to: PhoneNumber,
    pub body: String,
    pub media_urls: Vec<String>,
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

/// What became of the text on its way to the bot (`messages.forward_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForwardDecision {
    Queued,
    /// Outside business hours: forwarded when the route opens.
    Held,
    Keyword,
    Human,
    OptedOut,
    NoRoute,
    InactiveRoute,
}

impl ForwardDecision {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Held => "held",
            Self::Keyword => "keyword",
            Self::Human => "human",
            Self::OptedOut => "opted_out",
            Self::NoRoute => "no_route",
            Self::InactiveRoute => "inactive_route",
        }
    }
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
    let opens_at = route.as_ref().map(|r| next_opening(r, now_ms));
    let forward = decide(
        &contact,
        route.as_ref(),
        keyword.as_ref().map(|k| k.0),
        opens_at,
        now_ms,
    );

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
        return Ok(Accepted::Duplicate);
    };

    let bot_name = route.as_ref().and_then(|r| r.bot_name.as_deref());
    if created {
        tx.record_event(
            contact_event(
                "new_lead",
                &contact,
                route_id.as_deref(),
                json!({ "botName": bot_name }),
            ),
            now_ms,
        )
        .await?;
    }
    let facts = MessageFacts {
        id: message_id,
        body: &sms.body,
        direction: "inbound",
        source: "customer",
        bot_name,
        status: Some(forward.as_str()),
    };
    tx.record_event(
        message_event("message_in", &contact, route_id.as_deref(), facts),
        now_ms,
    )
    .await?;

    let mut wakes = Vec::new();
    let ctx = Context {
        contact: &contact,
        route: route.as_ref(),
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
            let run_at = opens_at
                .flatten()
                .unwrap_or(now_ms + NEVER_OPENS_HOLD_MS)
                .max(now_ms);
            tx.enqueue(
                NewJob {
                    kind: JobKind::ForwardToBot,
                    contact_id: &contact.id,
                    message_id: Some(message_id),
                    route_id: Some(&route.id),
                    payload: json!({}),
                    run_at,
                },
                now_ms,
            )
            .await?;
            wakes.push(Provider::Closebot);
            let replied = match forward {
                ForwardDecision::Held => {
                    after_hours_reply(tx, &ctx, route, opens_at.flatten()).await?
                }
                ForwardDecision::Queued if created => greet(tx, &ctx, route).await?,
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
            let extra = json!({ "messageId": message_id.to_string(), "twilioNumber": sms.to.as_str(), "reason": reason });
            tx.record_event(
                contact_event("unrouted", &contact, route_id.as_deref(), extra),
                now_ms,
            )
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

struct Context<'a> {
    contact: &'a Contact,
    route: Option<&'a Route>,
    sms: &'a InboundSms,
    messaging: &'a MessagingPreferences,
    now_ms: i64,
}

/// `Some(Some(t))` opens at `t` (now when open), `Some(None)` never opens.
fn next_opening(route: &Route, now_ms: i64) -> Option<i64> {
    let Some(hours) = &route.business_hours else {
        return Some(now_ms);
    };
    let now = chrono::DateTime::from_timestamp_millis(now_ms).unwrap_or_default();
    match hours.calendar() {
        Ok(calendar) => calendar.next_opening(now).map(|t| t.timestamp_millis()),
        // Stored hours are validated on save; if unreadable, never hold texts.
        Err(_) => Some(now_ms),
    }
}

fn decide(
    contact: &Contact,
    route: Option<&Route>,
    keyword: Option<Keyword>,
    opens_at: Option<Option<i64>>,
    now_ms: i64,
) -> ForwardDecision {
    if keyword.is_some() {
        return ForwardDecision::Keyword;
    }
    if contact.opted_out {
        return ForwardDecision::OptedOut;
    }
    let Some(route) = route else {
        return ForwardDecision::NoRoute;
    };
    if !route.active {
        return ForwardDecision::InactiveRoute;
    }
    if contact.mode == ConversationMode::Human {
        return ForwardDecision::Human;
    }
    match opens_at {
        Some(Some(t)) if t <= now_ms => ForwardDecision::Queued,
        _ => ForwardDecision::Held,
    }
}

/// Applies STOP/START/HELP; true when a reply was queued.
async fn apply_keyword(
    tx: &mut Tx,
    ctx: &Context<'_>,
    kind: Keyword,
    word: &str,
) -> StoreResult<bool> {
    let route_id = ctx.route.map(|r| r.id.as_str());
    let extra = json!({ "keyword": word, "messageSid": ctx.sms.message_sid, "twilioNumber": ctx.sms.to.as_str() });
    let reply = match kind {
        Keyword::OptOut => {
            let evidence = OptOutEvidence {
                keyword: word,
                message_sid: Some(&ctx.sms.message_sid),
                at_ms: ctx.now_ms,
            };
            tx.set_opted_out(&ctx.contact.id, evidence).await?;
            tx.cancel_unsent_outbound(
                &ctx.contact.id,
                "Not sent: the customer opted out (STOP)",
                ctx.now_ms,
            )
            .await?;
            tx.record_event(
                contact_event("opt_out", ctx.contact, route_id, extra),
                ctx.now_ms,
            )
            .await?;
            ctx.messaging.opt_out_confirmation.clone()
        }
        Keyword::OptIn => {
            if tx.clear_opt_out(&ctx.contact.id, ctx.now_ms).await? {
                tx.record_event(
                    contact_event("opt_in", ctx.contact, route_id, extra),
                    ctx.now_ms,
                )
                .await?;
                ctx.messaging.opt_in_confirmation.clone()
            } else {
                None
            }
        }
        Keyword::Help => {
            tx.record_event(
                contact_event("help_request", ctx.contact, route_id, extra),
                ctx.now_ms,
            )
            .await?;
            // Opted-out contacts get nothing, not even help.
            (!ctx.contact.opted_out).then(|| ctx.messaging.help_text.clone())
        }
    };
    let Some(body) = reply.filter(|b| !b.trim().is_empty()) else {
        return Ok(false);
    };
    send_system(tx, ctx, &body, kind != Keyword::Help).await
}

/// The after-hours reply, at most once per contact and closed period.
async fn after_hours_reply(
    tx: &mut Tx,
    ctx: &Context<'_>,
    route: &Route,
    opens_at: Option<i64>,
) -> StoreResult<bool> {
    let Some(body) = route
        .after_hours_reply
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    else {
        return Ok(false);
    };
    if !tx
        .claim_after_hours_notice(&ctx.contact.id, &route.id, opens_at, ctx.now_ms)
        .await?
    {
        return Ok(false);
    }
    send_system(tx, ctx, body, false).await
}

/// The route's greeting, to a customer texting for the first time.
async fn greet(tx: &mut Tx, ctx: &Context<'_>, route: &Route) -> StoreResult<bool> {
    let Some(body) = route
        .greeting_message
        .as_deref()
        .filter(|b| !b.trim().is_empty())
    else {
        return Ok(false);
    };
    send_system(tx, ctx, body, false).await
}

async fn send_system(
    tx: &mut Tx,
    ctx: &Context<'_>,
    body: &str,
    compliance: bool,
) -> StoreResult<bool> {
    let out = Outgoing {
        contact: ctx.contact,
        route_id: ctx.route.map(|r| r.id.as_str()),
        bot_name: ctx.route.and_then(|r| r.bot_name.as_deref()),
        from_number: ctx.sms.to.as_str(),
        body,
        source: Source::System,
        sent_by_user_id: None,
        closebot_message_id: None,
        compliance,
    };
    Ok(queue_sms(tx, out, ctx.now_ms).await?.is_some())
}
