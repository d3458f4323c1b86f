//! Before a forward is tried again: did CloseBot get the last attempt?
//! A run can hand a text over and then die, time out or fail to record
//! it; sending it again would make the bot answer twice. CloseBot keeps
//! each lead's messages per source (`GET /botMetric/messages`), so a retry
//! first counts the copies of this text CloseBot has from the contact since
//! shortly before it arrived, against the copies we know it got: one more
//! there means ours arrived. Anything unclear — no lead, a lookup that
//! fails — sends again: a repeat is better than a lost text.

use super::Outbox;
use crate::providers::credentials::CloseBotAuth;
use crate::storage::{Contact, Message, Route};

/// CloseBot's clock may differ from ours by up to this much.
const CLOCK_MARGIN_MS: i64 = 60_000;

pub(super) async fn closebot_has_it(
    outbox: &Outbox,
    key: &CloseBotAuth,
    route: &Route,
    contact: &Contact,
    message: &Message,
) -> bool {
    let lead = match &contact.closebot_lead_id {
        Some(lead) => lead.clone(),
        None => match outbox
            .closebot
            .find_lead_by_phone(key, &contact.phone)
            .await
        {
            Ok(Some(lead)) => lead.id,
            // CloseBot has never heard of the contact: it has no text of theirs.
            Ok(None) => return false,
            Err(e) => return unclear(message, &e.to_string()),
        },
    };
    let since = message.created_at - CLOCK_MARGIN_MS;
    let start = chrono::DateTime::from_timestamp_millis(since).unwrap_or_default();
    let listed = match outbox
        .closebot
        .lead_messages(key, &route.closebot_source_id, &lead, start)
        .await
    {
        Ok(listed) => listed,
        Err(e) => return unclear(message, &e.to_string()),
    };
    let theirs = listed
        .iter()
        .filter(|m| !m.from_bot && m.message.as_deref() == Some(message.body.as_str()))
        .count() as i64;
    if theirs == 0 {
        return false;
    }
    // Ours are counted from earlier still, so a skewed clock can only make
    // us send again, never skip a text CloseBot lacks.
    let ours = outbox
        .store
        .forwarded_copies(
            &contact.id,
            &message.body,
            since - CLOCK_MARGIN_MS,
            message.id,
        )
        .await;
    match ours {
        Ok(ours) => theirs > ours,
        Err(e) => unclear(message, &e.to_string()),
    }
}

fn unclear(message: &Message, why: &str) -> bool {
    tracing::warn!(
        message_id = message.id,
        error = why,
        "could not ask CloseBot whether it has the text; sending it again"
    );
    false
}
