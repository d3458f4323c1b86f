//! Runs a `forward_to_bot` job: hands one inbound text to the route's
//! CloseBot source, with the signed state the reply must bring back.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::attempt::Attempt;
use super::{count_refusal, retry_traced, Health, Outbox};
use crate::bridge::audience::{audience, ForwardDecision};
use crate::bridge::events::{on_route, subject};
use crate::bridge::trace::verdict_hop;
use crate::domain::eligibility::{may_send, Automatic, Verdict};
use crate::domain::events::{EventData, ForwardFailed};
use crate::domain::trace::{Hop, HopKind};
use crate::providers::closebot::InboundEvent;
use crate::providers::CallError;
use crate::security::state_signing::BridgeState;
use crate::storage::{Contact, Job, MessageRef, NewEvent, Route, StoreResult};

/// A forward whose route is busy waits this long before trying again.
const BUSY_ROUTE_RETRY_MS: i64 = 250;
/// Hours that never open hold a text until they change (which wakes it).
const HOLD_WITHOUT_OPENING_MS: i64 = 24 * 3600 * 1000;

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let Some(message_id) = job.message_id else {
        return finish(outbox, job, None, "forwarded", None).await;
    };
    let Some((message, contact)) = outbox.store.message_with_contact(message_id).await? else {
        return finish(outbox, job, None, "forwarded", None).await;
    };
    let route = job
        .route_id
        .as_deref()
        .or(message.route_id.as_deref())
        .and_then(|id| outbox.store.route_even_deleted(id));
    // Things may have changed since the text was queued: ask again.
    let verdict = may_send(
        Automatic::BotForward,
        &audience(&contact, route.as_ref(), now),
    );
    let route = match (verdict, route) {
        (Verdict::Send, Some(route)) => route,
        (Verdict::Hold { until }, _) => {
            let opens = until.unwrap_or(now + HOLD_WITHOUT_OPENING_MS);
            let held = verdict_hop(HopKind::ForwardedToBot, verdict, &contact, now);
            return defer(outbox, job, message_id, opens, "held", Some(held)).await;
        }
        (verdict, _) => {
            let state = ForwardDecision::of(verdict).as_str();
            let skipped = verdict_hop(HopKind::ForwardedToBot, verdict, &contact, now);
            return finish(outbox, job, Some(message_id), state, Some(skipped)).await;
        }
    };
    let Some(_slot) = RouteSlot::take(&outbox.route_slots, &route.id, route.max_concurrent) else {
        let busy = now + BUSY_ROUTE_RETRY_MS;
        return defer(outbox, job, message_id, busy, "queued", None).await;
    };
    let attempt = Attempt::start(outbox, HopKind::ForwardedToBot);
    let Some(key) = outbox.credentials.closebot_for(job.sandbox) else {
        let error = CallError::NotConfigured("the CloseBot API key is not configured".into());
        return retry_traced(outbox, job, error, Some(attempt), move |tx, _, now| {
            Box::pin(async move { tx.set_forward_state(message_id, "failed", now).await })
        })
        .await;
    };
    if job.in_doubt
        && super::forward_check::closebot_has_it(outbox, &key, &route, &contact, &message).await
    {
        tracing::info!(
            message_id,
            source = %route.closebot_source_id,
            "CloseBot already has the text from an earlier attempt; not sending it again"
        );
        let forwarded = attempt.succeeded(&job, None);
        finish(outbox, job, Some(message_id), "forwarded", Some(forwarded)).await?;
        return Ok(Health::Answered);
    }
    let state = BridgeState::sign(
        outbox.keys.state_key(),
        &route.twilio_number,
        &contact.phone,
        message.twilio_sid.as_deref().unwrap_or_default(),
        &route.id,
        &contact.id,
    )
    .traced(
        outbox.keys.state_key(),
        job.request_id.as_ref(),
        message.created_at,
    );
    let event = InboundEvent {
        kind: "message",
        contact_id: &contact.phone,
        message: &message.body,
        state: serde_json::to_value(&state).expect("state serialises"),
    };
    match outbox
        .closebot
        .post_event(&key, &route.closebot_source_id, &event)
        .await
    {
        Ok(status) => {
            tracing::info!(
                message_id,
                source = %route.closebot_source_id,
                "handed the text to CloseBot"
            );
            let forwarded = attempt.succeeded(&job, Some(status));
            finish(outbox, job, Some(message_id), "forwarded", Some(forwarded)).await?;
            Ok(Health::Answered)
        }
        Err(error @ CallError::Rejected { .. }) => {
            count_refusal(outbox, &job, &error);
            let reason = format!("CloseBot refused the text: {error}");
            let now = outbox.clock.now_ms();
            let failed = forward_failed(&contact, &route, message_id, &reason);
            let refused = attempt.failed(&job, &error, None);
            outbox
                .store
                .write(move |tx| {
                    Box::pin(async move {
                        tx.trace(MessageRef::Id(message_id), refused);
                        tx.set_forward_state(message_id, "failed", now).await?;
                        tx.fail_job(&job, &reason, now).await?;
                        tx.record_event(failed, now).await
                    })
                })
                .await?;
            Ok(Health::Answered)
        }
        Err(error) => {
            retry_traced(outbox, job, error, Some(attempt), move |tx, reason, now| {
                Box::pin(async move {
                    tx.set_forward_state(message_id, "failed", now).await?;
                    let failed = forward_failed(&contact, &route, message_id, &reason);
                    tx.record_event(failed, now).await
                })
            })
            .await
        }
    }
}

fn forward_failed(contact: &Contact, route: &Route, message_id: i64, error: &str) -> NewEvent {
    let data = EventData::ForwardFailed(ForwardFailed {
        subject: subject(contact),
        message_id: message_id.to_string(),
        error: error.to_owned(),
    });
    on_route(Some(&route.id), route.bot_name.as_deref(), data)
}

/// The job is over; the message's forward state (and trace) says how.
async fn finish(
    outbox: &Outbox,
    job: Job,
    message_id: Option<i64>,
    state: &'static str,
    hop: Option<Hop>,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                if let (Some(id), Some(hop)) = (message_id, hop) {
                    tx.trace(MessageRef::Id(id), hop);
                }
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
    outbox: &Outbox,
    job: Job,
    message_id: i64,
    until: i64,
    state: &'static str,
    hop: Option<Hop>,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                if let Some(hop) = hop {
                    tx.trace(MessageRef::Id(message_id), hop);
                }
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
