//! Queueing an outbound SMS: the message row, its Twilio job and its event,
//! in the caller's transaction.

use serde_json::json;

use super::events::{self, on_route, MessageFacts};
use super::trace::with_opt_out;
use crate::domain::eligibility::{Purpose, Withheld};
use crate::domain::events::{EventData, SuppressedReply};
use crate::domain::message::{Direction, Source};
use crate::domain::request_id::RequestId;
use crate::domain::trace::{origin_of, Hop, HopKind};
use crate::storage::{Contact, JobKind, MessageRef, NewJob, NewMessage, StoreResult, Tx};

pub struct Outgoing<'a> {
    pub contact: &'a Contact,
    pub route_id: Option<&'a str>,
    pub bot_name: Option<&'a str>,
    /// Our Twilio number the text goes out from.
    pub from_number: &'a str,
    pub body: &'a str,
    pub source: Source,
    pub sent_by_user_id: Option<&'a str>,
    pub closebot_message_id: Option<&'a str>,
    /// What the text is for: the send asks the eligibility rule again with it.
    pub purpose: Purpose,
    /// Not before this instant (an import's first messages, paced).
    pub not_before: Option<i64>,
    /// The import that sends it (so stopping the import cancels it).
    pub import_id: Option<&'a str>,
    pub origin: Origin<'a>,
}

/// In a bot reply's job payload: when the customer's text it answers was
/// stored (the send measures the round trip from it).
pub const TEXT_AT: &str = "textAt";

/// The customer text an outgoing one follows from, if any: for its job's
/// logs and the round-trip metric.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin<'a> {
    /// The request that brought the text in (the send's logs carry it).
    pub request_id: Option<&'a RequestId>,
    /// When the text this bot reply answers was stored (ms); the send
    /// measures the round trip from it.
    pub text_at: Option<i64>,
    /// The customer's text this message answers (its MessageSid), when the
    /// app answers it itself (STOP/HELP, after hours, greeting, survey
    /// thanks): that text's trace then reaches this message's delivery.
    pub answers_sid: Option<&'a str>,
}

/// Stores the message as `queued` and queues its send; `None` when a
/// message with the same CloseBot id was already taken (a repeated callback).
pub async fn queue_sms(tx: &mut Tx, out: Outgoing<'_>, now_ms: i64) -> StoreResult<Option<i64>> {
    let message = outbound_message(&out, "queued");
    let Some(message_id) = tx.insert_message(&message, now_ms).await? else {
        return Ok(None);
    };
    tx.enqueue(
        NewJob {
            kind: JobKind::SendSms,
            contact_id: &out.contact.id,
            message_id: Some(message_id),
            route_id: out.route_id,
            payload: payload(&out),
            run_at: out.not_before.unwrap_or(now_ms).max(now_ms),
            request_id: out.origin.request_id,
        },
        now_ms,
    )
    .await?;
    let origin = origin_of(out.purpose);
    let queued_hop = Hop::ok(HopKind::QueuedForSend, now_ms).with(|d| d.note = Some(origin.into()));
    match out.origin.answers_sid {
        Some(text_sid) => tx.trace_reply(message_id, text_sid, queued_hop),
        None => tx.trace(MessageRef::Id(message_id), queued_hop),
    }
    let queued = events::message(out.contact, facts(&out, message_id, "queued"));
    tx.record_event(
        on_route(out.route_id, out.bot_name, EventData::MessageOut(queued)),
        now_ms,
    )
    .await?;
    Ok(Some(message_id))
}

/// Keeps a reply the eligibility rule withheld (opted-out contact, human
/// takeover…) as a `canceled` message, so the thread shows what the bot
/// tried to say.
pub async fn keep_unsent(
    tx: &mut Tx,
    out: Outgoing<'_>,
    why: Withheld,
    now_ms: i64,
) -> StoreResult<Option<i64>> {
    let reason = why.reason();
    let message = outbound_message(&out, "canceled");
    let Some(message_id) = tx.insert_message(&message, now_ms).await? else {
        return Ok(None);
    };
    let kept = with_opt_out(
        Hop::skipped(HopKind::QueuedForSend, why, now_ms),
        out.contact,
    );
    tx.trace(MessageRef::Id(message_id), kept);
    tx.finish_unsent(message_id, "canceled", None, reason, now_ms)
        .await?;
    let kept = EventData::ReplySuppressed(SuppressedReply {
        message: events::message(out.contact, facts(&out, message_id, "canceled")),
        reason: reason.to_owned(),
    });
    tx.record_event(on_route(out.route_id, out.bot_name, kept), now_ms)
        .await?;
    Ok(Some(message_id))
}

fn payload(out: &Outgoing<'_>) -> serde_json::Value {
    let mut payload = json!({ "purpose": out.purpose.as_str() });
    if let Some(import) = out.import_id {
        payload["importId"] = json!(import);
    }
    if let Some(at) = out.origin.text_at {
        payload[TEXT_AT] = json!(at);
    }
    payload
}

fn facts<'a>(out: &Outgoing<'a>, id: i64, status: &'a str) -> MessageFacts<'a> {
    MessageFacts {
        id,
        body: out.body,
        direction: Direction::Outbound,
        source: out.source,
        status: Some(status),
    }
}

fn outbound_message<'a>(out: &Outgoing<'a>, status: &'static str) -> NewMessage<'a> {
    NewMessage {
        contact_id: &out.contact.id,
        route_id: out.route_id,
        direction: Direction::Outbound,
        source: out.source,
        body: out.body,
        from_number: out.from_number,
        to_number: &out.contact.phone,
        media_urls: &[],
        twilio_sid: None,
        twilio_status: Some(status),
        closebot_message_id: out.closebot_message_id,
        forward_state: None,
        sent_by_user_id: out.sent_by_user_id,
    }
}
