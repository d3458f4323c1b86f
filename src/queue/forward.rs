//! Runs a `forward_to_bot` job: hands one inbound text to the route's
//! CloseBot source, with the signed state the reply must bring back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::json;

use super::{retry_or_give_up, Health};
use crate::app_state::AppState;
use crate::bridge::events::contact_event;
use crate::domain::message::ConversationMode;
use crate::providers::closebot::InboundEvent;
use crate::providers::CallError;
use crate::security::state_signing::BridgeState;
use crate::storage::{Job, StoreResult};

/// A forward whose route is busy waits this long before trying again.
const BUSY_ROUTE_RETRY_MS: i64 = 250;

pub async fn run(app: &AppState, job: Job) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    let Some(message_id) = job.message_id else {
        return finish(app, job, None, "forwarded").await;
    };
    let Some((message, contact)) = app.store.message_with_contact(message_id).await? else {
        return finish(app, job, None, "forwarded").await;
    };
    let route = match job.route_id.as_deref().or(message.route_id.as_deref()) {
        Some(id) => app.store.route(id),
        None => None,
    };
    // Things may have changed since the text was queued.
    let skip = if contact.opted_out {
        Some("opted_out")
    } else if contact.mode == ConversationMode::Human {
        Some("human")
    } else if route.is_none() {
        Some("no_route")
    } else if route.as_ref().is_some_and(|r| !r.active) {
        Some("inactive_route")
    } else {
        None
    };
    let Some(route) = route.filter(|_| skip.is_none()) else {
        return finish(app, job, Some(message_id), skip.unwrap_or("no_route")).await;
    };
    if let Some(hours) = &route.business_hours {
        let now_utc = app.clock.now();
        if let Ok(calendar) = hours.calendar() {
            if !calendar.is_open(now_utc) {
                let opens = calendar
                    .next_opening(now_utc)
                    .map_or(now + 24 * 3600 * 1000, |t| t.timestamp_millis());
                return defer(app, job, message_id, opens, "held").await;
            }
        }
    }
    let Some(_slot) = RouteSlot::take(&app.route_slots, &route.id, route.max_concurrent) else {
        return defer(app, job, message_id, now + BUSY_ROUTE_RETRY_MS, "queued").await;
    };
    let Some(key) = app.credentials.closebot_api_key() else {
        let error = CallError::NotConfigured("the CloseBot API key is not configured".into());
        return retry_or_give_up(app, job, error, move |tx, _, now| {
            Box::pin(async move { tx.set_forward_state(message_id, "failed", now).await })
        })
        .await;
    };
    let state = BridgeState::sign(
        app.keys.state_key(),
        &route.twilio_number,
        &contact.phone,
        message.twilio_sid.as_deref().unwrap_or_default(),
        &route.id,
        &contact.id,
    );
    let event = InboundEvent {
        kind: "message",
        contact_id: &contact.phone,
        message: &message.body,
        state: serde_json::to_value(&state).expect("state serialises"),
    };
    match app
        .closebot
        .post_event(&key, &route.closebot_source_id, &event)
        .await
    {
        Ok(()) => {
            finish(app, job, Some(message_id), "forwarded").await?;
            Ok(Health::Answered)
        }
        Err(error @ CallError::Rejected { .. }) => {
            let reason = format!("CloseBot refused the text: {error}");
            let now = app.clock.now_ms();
            app.store
                .write(move |tx| {
                    Box::pin(async move {
                        tx.set_forward_state(message_id, "failed", now).await?;
                        tx.fail_job(&job, &reason, now).await?;
                        let extra = json!({ "messageId": message_id.to_string(), "error": reason });
                        tx.record_event(
                            contact_event("forward_failed", &contact, Some(&route.id), extra),
                            now,
                        )
                        .await
                    })
                })
                .await?;
            Ok(Health::Answered)
        }
        Err(error) => {
            retry_or_give_up(app, job, error, move |tx, reason, now| {
                Box::pin(async move {
                    tx.set_forward_state(message_id, "failed", now).await?;
                    let extra = json!({ "messageId": message_id.to_string(), "error": reason });
                    tx.record_event(
                        contact_event("forward_failed", &contact, Some(&route.id), extra),
                        now,
                    )
                    .await
                })
            })
            .await
        }
    }
}

/// The job is over; the message's forward state says how.
async fn finish(
    app: &AppState,
    job: Job,
    message_id: Option<i64>,
    state: &'static str,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                match message_id {
                    Some(id) => tx.finish_forward(id, state, job.id, now).await,
                    None => tx.complete_job(&job, now).await,
                }
            })
        })
        .await?;
    Ok(if state == "forwarded" {
        Health::Answered
    } else {
        Health::NotCalled
    })
}

async fn defer(
    app: &AppState,
    job: Job,
    message_id: i64,
    until: i64,
    state: &'static str,
) -> StoreResult<Health> {
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_forward_state(message_id, state, now).await?;
                tx.defer_job(&job, until, now).await
            })
        })
        .await?;
    Ok(Health::NotCalled)
}

/// Forwards in flight per route, capped by the route's `maxConcurrent`.
pub type RouteSlots = Arc<Mutex<HashMap<String, i64>>>;

struct RouteSlot {
    slots: RouteSlots,
    route_id: String,
}

impl RouteSlot {
    fn take(slots: &RouteSlots, route_id: &str, max: i64) -> Option<Self> {
        let mut counts = slots.lock().expect("route slots lock is never poisoned");
        let count = counts.entry(route_id.to_owned()).or_insert(0);
        if *count >= max.max(1) {
            return None;
        }
        *count += 1;
        Some(Self {
            slots: slots.clone(),
            route_id: route_id.to_owned(),
        })
    }
}

impl Drop for RouteSlot {
    fn drop(&mut self) {
        let mut counts = self
            .slots
            .lock()
            .expect("route slots lock is never poisoned");
        if let Some(count) = counts.get_mut(&self.route_id) {
            *count -= 1;
            if *count <= 0 {
                counts.remove(&self.route_id);
            }
        }
    }
}
