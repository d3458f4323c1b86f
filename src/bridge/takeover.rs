//! A person in the dashboard takes a conversation over from the bot, and
//! hands it back. CloseBot is told too (its AI toggle for the lead) so its
//! own follow-ups stop while a human is talking.

use serde_json::json;

use super::audience::audience;
use super::events::{on_route, subject};
use super::outbound::{queue_sms, Origin, Outgoing};
use crate::domain::eligibility::{may_text, Purpose, Verdict};
use crate::domain::events::{EventData, ModeChange};
use crate::domain::message::{ConversationMode, Source};
use crate::storage::{Contact, JobKind, NewJob, StoreResult, Tx};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendOutcome {
    Queued {
        message_id: i64,
        took_over: bool,
    },
    NotFound,
    OptedOut,
    /// No Twilio number to send from (the contact's route is gone).
    NoNumber,
}

pub async fn send_manual(
    tx: &mut Tx,
    contact_id: &str,
    body: &str,
    user_id: &str,
    now_ms: i64,
) -> StoreResult<SendOutcome> {
    let Some(contact) = tx.contact(contact_id).await? else {
        return Ok(SendOutcome::NotFound);
    };
    let route = match &contact.assigned_route_id {
        Some(id) => tx.route(id).await?,
        None => None,
    };
    if let Verdict::Withhold(_) =
        may_text(Purpose::Manual, &audience(&contact, route.as_ref(), now_ms))
    {
        return Ok(SendOutcome::OptedOut);
    }
    let Some(route) = route else {
        return Ok(SendOutcome::NoNumber);
    };
    let took_over = switch_mode(tx, &contact, ConversationMode::Human, now_ms).await?;
    let out = Outgoing {
        contact: &contact,
        route_id: Some(&route.id),
        bot_name: route.bot_name.as_deref(),
        from_number: &route.twilio_number,
        body,
        source: Source::Manual,
        sent_by_user_id: Some(user_id),
        closebot_message_id: None,
        purpose: Purpose::Manual,
        not_before: None,
        import_id: None,
        origin: Origin::default(),
    };
    let message_id = queue_sms(tx, out, now_ms)
        .await?
        .expect("a manual message has no CloseBot id, so it is never a duplicate");
    Ok(SendOutcome::Queued {
        message_id,
        took_over,
    })
}

/// Hands the conversation back to the bot; `None` when the contact is unknown.
pub async fn resume_bot(tx: &mut Tx, contact_id: &str, now_ms: i64) -> StoreResult<Option<bool>> {
    let Some(contact) = tx.contact(contact_id).await? else {
        return Ok(None);
    };
    Ok(Some(
        switch_mode(tx, &contact, ConversationMode::Bot, now_ms).await?,
    ))
}

/// Sets the mode; on a change, logs it and queues the CloseBot AI toggle.
async fn switch_mode(
    tx: &mut Tx,
    contact: &Contact,
    mode: ConversationMode,
    now_ms: i64,
) -> StoreResult<bool> {
    if !tx.set_mode(&contact.id, mode, now_ms).await? {
        return Ok(false);
    }
    let bot_enabled = mode == ConversationMode::Bot;
    tx.enqueue(
        NewJob {
            kind: JobKind::SetBotEnabled,
            contact_id: &contact.id,
            message_id: None,
            route_id: contact.assigned_route_id.as_deref(),
            payload: json!({ "enabled": bot_enabled }),
            run_at: now_ms,
            request_id: None,
        },
        now_ms,
    )
    .await?;
    let change = ModeChange {
        subject: subject(contact),
        mode,
    };
    let data = if bot_enabled {
        EventData::BotResumed(change)
    } else {
        EventData::HumanTakeover(change)
    };
    let route = contact.assigned_route_id.as_deref();
    tx.record_event(on_route(route, None, data), now_ms).await?;
    Ok(true)
}
