//! A text handed to a source: the source's bot (the demo script) answers it,
//! after a moment of "typing", by posting to the source's callback URL what
//! CloseBot's WebHook sources post: the reply, the lead, the bot, a message
//! id, the `state` exactly as it came, and booking signals when it booked.

use std::sync::Arc;

use serde_json::{json, Value};

use super::{new_id, now_ms, Lead, World};
use crate::sandbox::demo_bot;

/// An inbound event as CONTRACT §4 pins it.
pub struct Event {
    pub source_id: String,
    pub contact_id: String,
    pub message: String,
    pub state: Value,
}

pub async fn answer(world: Arc<World>, event: Event) {
    let Some((callback, body)) = compose(&world, &event) else {
        return;
    };
    tokio::time::sleep(world.typing).await;
    let Some(local) = world.loopback.local(&callback) else {
        tracing::warn!(
            callback,
            "the simulated CloseBot only calls this app; the source's callback points elsewhere"
        );
        return;
    };
    // CloseBot retries a failed callback; once more is enough here.
    for attempt in 1..=2 {
        match world.loopback.http().post(&local).json(&body).send().await {
            Ok(response) if response.status().is_success() => return,
            Ok(response) => {
                tracing::warn!(
                    status = response.status().as_u16(),
                    attempt,
                    "the app refused the simulated CloseBot's reply"
                );
                if response.status().is_client_error() {
                    return;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, attempt, "the simulated CloseBot could not reach the app")
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// The callback URL and body of the bot's answer; `None` when no bot answers
/// (none attached and switched on, or the lead's AI is off).
fn compose(world: &World, event: &Event) -> Option<(String, Value)> {
    let mut state = world.lock();
    let source = state
        .sources
        .iter()
        .find(|s| s.id == event.source_id)?
        .clone();
    let bot_id = source
        .bots
        .iter()
        .find(|(_, on)| *on)
        .map(|(id, _)| id.clone())?;
    let callback = source.callback.clone()?;
    let now = now_ms();
    let index = match state
        .leads
        .iter()
        .position(|l| l.source_id == source.id && l.contact_id == event.contact_id)
    {
        Some(index) => index,
        None => {
            state.leads.push(Lead {
                id: new_id("lead"),
                source_id: source.id.clone(),
                contact_id: event.contact_id.clone(),
                ai_enabled: true,
                conversation: Default::default(),
                tags: Vec::new(),
                last_message: None,
                last_message_ms: None,
            });
            state.leads.len() - 1
        }
    };
    let lead = &mut state.leads[index];
    if !lead.ai_enabled {
        return None;
    }
    let reply = demo_bot::reply(&mut lead.conversation, &event.message);
    for tag in &reply.tags {
        if !lead.tags.iter().any(|t| t == tag) {
            lead.tags.push((*tag).to_owned());
        }
    }
    lead.last_message = Some(reply.text.clone());
    lead.last_message_ms = Some(now);
    let lead_id = lead.id.clone();
    state.bot_messages.push(now);
    if reply.booked {
        state.bookings.push((now, source.id.clone()));
    }
    let mut body = json!({
        "type": "message",
        "message": reply.text,
        "contactId": event.contact_id,
        "leadId": lead_id,
        "botId": bot_id,
        "sourceId": source.id,
        "messageId": new_id("msg"),
        "state": event.state,
    });
    if !reply.tags.is_empty() {
        body["tags"] = json!(reply.tags);
    }
    if reply.booked {
        body["booked"] = json!(true);
        body["event"] = json!("appointment_booked");
    }
    Some((callback, body))
}
