//! Twilio status callbacks: move a message's status forward, never back;
//! keep Twilio's error; a 21610 means the customer opted out.

use super::events::{on_route, status_change, subject, StatusFacts};
use crate::domain::events::{EventData, KeywordEvent};
use crate::domain::trace::{status_hop, Hop, HopKind};
use crate::domain::twilio_errors::OPTED_OUT;
use crate::storage::{MessageRef, OptOutEvidence, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct StatusUpdate {
    pub message_sid: String,
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
}

pub async fn record(tx: &mut Tx, update: StatusUpdate, now_ms: i64) -> StoreResult<()> {
    let status = update.status.to_ascii_lowercase();
    let Some(message_id) = tx.message_id_by_sid(&update.message_sid).await? else {
        // The callback beat our own record of the SID; apply it when it lands.
        return tx
            .remember_early_status(
                &update.message_sid,
                &status,
                update.error_code.as_deref(),
                update.error_message.as_deref(),
                now_ms,
            )
            .await;
    };
    let (code, text) = (
        update.error_code.as_deref(),
        update.error_message.as_deref(),
    );
    let applied = apply(tx, message_id, &status, code, text, now_ms).await?;
    let hop = status_hop(HopKind::StatusCallback, &status, code, text, now_ms);
    tx.trace(MessageRef::Id(message_id), ignored_unless(applied, hop));
    Ok(())
}

/// A status that changed nothing says so: a status never moves backwards.
pub fn ignored_unless(applied: bool, hop: Hop) -> Hop {
    if applied {
        return hop;
    }
    hop.with(|d| {
        d.ignored = Some(true);
        d.note = Some("Changed nothing: the message's status was already as far or further".into());
    })
}

/// Applies a status to a stored message and logs the change; true when the
/// status moved forward.
pub async fn apply(
    tx: &mut Tx,
    message_id: i64,
    status: &str,
    error_code: Option<&str>,
    error_message: Option<&str>,
    now_ms: i64,
) -> StoreResult<bool> {
    if !tx
        .advance_status(message_id, status, error_code, error_message, now_ms)
        .await?
    {
        return Ok(false);
    }
    let Some(message) = tx.message(message_id).await? else {
        return Ok(true);
    };
    let Some(contact) = tx.contact(&message.contact_id).await? else {
        return Ok(true);
    };
    if error_code == Some(OPTED_OUT) {
        mark_opted_out_by_twilio(tx, &contact.id, message.twilio_sid.as_deref(), now_ms).await?;
    }
    let change = status_change(
        &contact,
        StatusFacts {
            id: message.id,
            body: Some(&message.body),
            sid: message.twilio_sid.as_deref(),
            status,
            error_code,
            error_message,
        },
    );
    tx.record_event(on_route(message.route_id.as_deref(), None, change), now_ms)
        .await?;
    Ok(true)
}

/// Twilio refused a send with 21610: the customer had replied STOP.
pub async fn mark_opted_out_by_twilio(
    tx: &mut Tx,
    contact_id: &str,
    message_sid: Option<&str>,
    now_ms: i64,
) -> StoreResult<()> {
    let Some(contact) = tx.contact(contact_id).await? else {
        return Ok(());
    };
    if contact.opted_out {
        return Ok(());
    }
    let evidence = OptOutEvidence {
        keyword: "twilio:21610",
        message_sid,
        at_ms: now_ms,
    };
    tx.set_opted_out(contact_id, evidence).await?;
    let opted_out = EventData::OptOut(KeywordEvent {
        subject: subject(&contact),
        keyword: "twilio:21610".to_owned(),
        message_sid: message_sid.map(str::to_owned),
        twilio_number: None,
    });
    tx.record_event(on_route(None, None, opted_out), now_ms)
        .await
}
