//! A CloseBot bot reply arriving at our callback URL. The body is not
//! documented, so it is read tolerantly (CONTRACT §3); the `state` it carries
//! must be the one we signed. Besides the reply text it may say the lead
//! booked or qualified (`domain::lead_signals`), which sets the contact's
//! status; a callback with only such a signal is fine too.

use serde_json::Value;

use super::audience::audience;
use super::outbound::{keep_unsent, queue_sms, Origin, Outgoing};
use crate::domain::eligibility::{may_send, Automatic, Purpose, Verdict, Withheld};
use crate::domain::lead_signals::{signal_of, LeadSignal};
use crate::domain::message::Source;
use crate::domain::trace::{Hop, HopKind};
use crate::security::state_signing::BridgeState;
use crate::storage::{StoreResult, Tx};

/// What we could read from a callback body.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub texts: Vec<String>,
    pub state: Option<Value>,
    pub lead_id: Option<String>,
    pub bot_id: Option<String>,
    pub message_id: Option<String>,
    /// Booked or qualified, when the body says so.
    pub signal: Option<LeadSignal>,
}

const TEXT_FIELDS: [&str; 3] = ["message", "text", "body"];

/// Reads a callback body; `Err` says why it cannot be understood.
pub fn parse(body: &[u8]) -> Result<Callback, String> {
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("the body is not a JSON object".into());
    };
    let mut texts: Vec<String> = TEXT_FIELDS
        .iter()
        .find_map(|k| text_of(fields.get(*k)))
        .into_iter()
        .collect();
    if let Some(Value::Array(items)) = fields.get("messages") {
        for item in items {
            let text = match item {
                Value::Object(inner) => TEXT_FIELDS.iter().find_map(|k| text_of(inner.get(*k))),
                other => text_of(Some(other)),
            };
            texts.extend(text);
        }
    }
    let signal = signal_of(&fields);
    if texts.is_empty() && signal.is_none() {
        return Err("no reply text in message, text, body or messages".into());
    }
    let id_of = |key: &str| match fields.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok(Callback {
        texts,
        state: fields.get("state").cloned(),
        lead_id: id_of("leadId"),
        bot_id: id_of("botId"),
        message_id: id_of("messageId"),
        signal,
    })
}

fn text_of(value: Option<&Value>) -> Option<String> {
    match value {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyOutcome {
    Queued(Vec<i64>),
    /// Every part was already received (CloseBot repeated the callback).
    Duplicate,
    /// The customer opted out; the reply is kept, not sent.
    OptedOut,
    /// A person has taken the conversation over; the reply is kept, not sent.
    HeldForHuman,
    /// The number's route was switched off since the text was forwarded:
    /// as with inbound texts, the bot no longer speaks on it.
    RouteInactive,
    /// The number's route was deleted since (and not added again).
    RouteDeleted,
    /// The contact was deleted since.
    UnknownContact,
    /// No text, only a booking or qualification signal (applied).
    SignalOnly,
}

pub async fn record(
    tx: &mut Tx,
    callback: Callback,
    state: BridgeState,
    now_ms: i64,
) -> StoreResult<ReplyOutcome> {
    let contact = match tx.contact(&state.contact_id).await? {
        Some(contact) if contact.phone == state.phone_from => Some(contact),
        _ => tx.contact_by_phone(&state.phone_from).await?,
    };
    let Some(contact) = contact else {
        return Ok(ReplyOutcome::UnknownContact);
    };
    if let Some(lead_id) = callback
        .lead_id
        .as_ref()
        .filter(|id| contact.closebot_lead_id.as_ref() != Some(*id))
    {
        tx.set_lead_id(&contact.id, lead_id, now_ms).await?;
    }
    // A fact about the lead, whoever is answering it now.
    if let Some(signal) = callback.signal {
        tx.apply_lead_signal(&contact.id, signal, now_ms).await?;
    }
    if callback.texts.is_empty() {
        return Ok(ReplyOutcome::SignalOnly);
    }
    // A route deleted and added again has a new id but the same number.
    let route = match tx.route(&state.route_id).await? {
        Some(route) => Some(route),
        None => match tx.route_by_number(&state.twilio_number).await? {
            Some(route) => Some(route),
            None => tx.route_even_deleted(&state.route_id).await?,
        },
    };
    let bot_name = route.as_ref().and_then(|r| r.bot_name.clone());
    let route_id = route.as_ref().map(|r| r.id.clone());
    let verdict = may_send(
        Automatic::BotReply,
        &audience(&contact, route.as_ref(), now_ms),
    );
    let withheld = match verdict {
        Verdict::Withhold(why) => Some(why),
        Verdict::Send | Verdict::Hold { .. } => None,
    };

    let mut queued = Vec::new();
    let request_id = state.request_id();
    for (index, text) in callback.texts.iter().enumerate() {
        let part_id = callback.message_id.as_ref().map(|id| {
            if index == 0 {
                id.clone()
            } else {
                format!("{id}#{index}")
            }
        });
        let out = Outgoing {
            contact: &contact,
            route_id: route_id.as_deref(),
            bot_name: bot_name.as_deref(),
            from_number: &state.twilio_number,
            body: text,
            source: Source::Bot,
            sent_by_user_id: None,
            closebot_message_id: part_id.as_deref(),
            purpose: Purpose::Automatic(Automatic::BotReply),
            not_before: None,
            import_id: None,
            origin: Origin {
                request_id: request_id.as_ref(),
                // The round trip ends when the reply's first part goes out.
                text_at: state.text_at.filter(|_| index == 0),
                // Linked by its BotReplyReceived hop (below), withheld or not.
                answers_sid: None,
            },
        };
        let stored = match withheld {
            Some(why) => keep_unsent(tx, out, why, now_ms).await?,
            None => queue_sms(tx, out, now_ms).await?,
        };
        if let Some(id) = stored {
            let parts = callback.texts.len();
            let hop = Hop::ok(HopKind::BotReplyReceived, now_ms).with(|d| {
                d.note = (parts > 1).then(|| format!("Part {} of {parts} of the reply", index + 1));
            });
            tx.trace_reply(id, &state.message_sid, hop);
        }
        queued.extend(stored);
    }
    Ok(match withheld {
        Some(Withheld::OptedOut) => ReplyOutcome::OptedOut,
        Some(Withheld::HumanMode) => ReplyOutcome::HeldForHuman,
        Some(Withheld::RouteInactive) => ReplyOutcome::RouteInactive,
        // A bot reply is never held for hours, so only a missing route is left.
        Some(_) => ReplyOutcome::RouteDeleted,
        None if queued.is_empty() => ReplyOutcome::Duplicate,
        None => ReplyOutcome::Queued(queued),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_documented_text_field() {
        for field in ["message", "text", "body"] {
            let body = format!(r#"{{"{field}": "Hi there", "state": {{}}}}"#);
            assert_eq!(parse(body.as_bytes()).unwrap().texts, vec!["Hi there"]);
        }
    }

    #[test]
    fn reads_message_arrays_of_strings_or_objects() {
        let body = br#"{"messages": ["one", {"text": "two"}, {"message": "three"}, 4, ""], "messageId": 17, "leadId": "L1"}"#;
        let parsed = parse(body).unwrap();
        assert_eq!(parsed.texts, vec!["one", "two", "three"]);
        assert_eq!(parsed.message_id.as_deref(), Some("17"));
        assert_eq!(parsed.lead_id.as_deref(), Some("L1"));
    }

    #[test]
    fn explains_unreadable_bodies() {
        assert!(parse(b"not json").unwrap_err().contains("not JSON"));
        assert!(parse(b"[1,2]").unwrap_err().contains("object"));
        assert!(parse(br#"{"state": {}}"#)
            .unwrap_err()
            .contains("no reply text"));
        assert!(parse(br#"{"message": "   "}"#).is_err());
    }

    #[test]
    fn a_booking_signal_is_read_with_or_without_a_reply_text() {
        let with_text =
            parse(br#"{"message": "See you Tuesday!", "tags": [{"name": "Booked"}]}"#).unwrap();
        assert_eq!(with_text.signal, Some(LeadSignal::Booked));
        let alone = parse(br#"{"event": "appointment_booked", "state": {}}"#).unwrap();
        assert!(alone.texts.is_empty());
        assert_eq!(alone.signal, Some(LeadSignal::Booked));
        assert_eq!(parse(br#"{"message": "Hi"}"#).unwrap().signal, None);
    }
}
