//! Before a send is tried again, Twilio is asked whether an earlier
//! attempt reached it (a crash or a timeout after Twilio took the message),
//! so a customer never gets the same text twice.

use super::Outbox;
use crate::providers::credentials::TwilioAuth;
use crate::providers::twilio::TwilioMessage;
use crate::providers::CallError;
use crate::storage::Message;

/// The message Twilio already holds for this send, if any.
pub(super) async fn already_sent(
    outbox: &Outbox,
    auth: &TwilioAuth,
    message: &Message,
) -> Result<Option<TwilioMessage>, CallError> {
    let since_ms = message.send_started_at.unwrap_or(message.created_at);
    let since = chrono::DateTime::from_timestamp_millis(since_ms).unwrap_or_default();
    let candidates = outbox
        .twilio
        .find_sent_messages(
            auth,
            &message.to_number,
            &message.from_number,
            &message.body,
            since,
        )
        .await?;
    for candidate in candidates {
        // A twin text we sent ourselves earlier is not this one.
        match outbox.store.message_id_by_sid(&candidate.sid).await {
            Ok(None) => return Ok(Some(candidate)),
            Ok(Some(_)) => continue,
            Err(e) => {
                return Err(CallError::Transient {
                    reason: e.to_string(),
                    retry_after: None,
                    http_status: None,
                    in_doubt: true,
                })
            }
        }
    }
    Ok(None)
}
