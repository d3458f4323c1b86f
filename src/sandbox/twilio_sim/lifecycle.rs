//! A sent message's life at the simulated Twilio: `queued` (the create
//! answer), then `sent`, then `delivered` to the handset — or, for the
//! configured share of messages, `undelivered` with error 30006 (landline or
//! unreachable carrier). Each change is posted to the message's
//! `StatusCallback`, signed as Twilio signs (no callback for `queued`, as
//! Twilio sends none).

use std::sync::Arc;

use super::handset::{PhoneDirection, PhoneText};
use super::{now_ms, twilio_date, World};
use crate::security::twilio_signature;

const UNREACHABLE: i64 = 30006;
const UNREACHABLE_TEXT: &str = "Landline or unreachable carrier";

pub async fn deliver(world: Arc<World>, sid: String, callback: Option<String>) {
    tokio::time::sleep(world.timing.sent_after).await;
    advance(&world, &sid, "sent", None);
    notify(&world, &sid, callback.as_deref()).await;
    tokio::time::sleep(world.timing.delivered_after).await;
    if world.fails_next() {
        advance(&world, &sid, "undelivered", Some(UNREACHABLE));
    } else {
        advance(&world, &sid, "delivered", None);
        hand_over(&world, &sid);
    }
    notify(&world, &sid, callback.as_deref()).await;
}

fn advance(world: &World, sid: &str, status: &str, error: Option<i64>) {
    let mut state = world.lock();
    if let Some(message) = state.messages.get_mut(sid) {
        let now = twilio_date(now_ms());
        message.status = status.to_owned();
        message.date_updated = now.clone();
        if status == "sent" {
            message.date_sent = Some(now);
        }
        message.error_code = error;
        message.error_message = error.map(|_| UNREACHABLE_TEXT.to_owned());
    }
}

/// The handset shows a delivered text.
fn hand_over(world: &World, sid: &str) {
    let mut state = world.lock();
    let Some(message) = state.messages.get(sid).cloned() else {
        return;
    };
    let text = PhoneText {
        sid: message.sid,
        direction: PhoneDirection::Received,
        peer: message.from,
        body: message.body,
        at: now_ms(),
        outcome: None,
    };
    super::handset::push(&mut state, &message.to, text);
}

/// Posts the message's status to `callback` (the app's status webhook).
async fn notify(world: &World, sid: &str, callback: Option<&str>) {
    let Some(callback) = callback else {
        return;
    };
    let Some(message) = world.lock().messages.get(sid).cloned() else {
        return;
    };
    let mut params = vec![
        ("SmsSid", message.sid.clone()),
        ("SmsStatus", message.status.clone()),
        ("MessageStatus", message.status.clone()),
        ("To", message.to.clone()),
        ("MessageSid", message.sid.clone()),
        ("AccountSid", message.account_sid.clone()),
        ("From", message.from.clone()),
        ("ApiVersion", "2010-04-01".to_owned()),
    ];
    if let Some(code) = message.error_code {
        params.push(("ErrorCode", code.to_string()));
    }
    let params: Vec<(String, String)> =
        params.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if let Err(e) = post_signed(world, callback, &params).await {
        tracing::warn!(sid, error = %e, "the simulated Twilio could not deliver a status callback");
    }
}

/// A form POST to one of the app's URLs with Twilio's signature for that URL;
/// the HTTP status it was answered with.
pub async fn post_signed(
    world: &World,
    url: &str,
    params: &[(String, String)],
) -> Result<u16, String> {
    let Some(local) = world.loopback.local(url) else {
        return Err(format!(
            "{url} is not this app's URL; the simulator calls nothing else"
        ));
    };
    let signature = twilio_signature::compute(&world.auth_token, url, params);
    let response = world
        .loopback
        .http()
        .post(local)
        .header("X-Twilio-Signature", signature)
        .header("User-Agent", "TwilioProxy/1.1 (closebot-sms sandbox)")
        .form(params)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    Ok(response.status().as_u16())
}
