//! The customers' phones of the phone simulator. A text from a handset
//! reaches the app as Twilio's signed inbound webhook, at the URL the number
//! is configured with. Like Twilio on a long code, the simulator handles the
//! opt-out keywords itself: STOP (and the other opt-out words) blocks later
//! sends from that number (error 21610) and is answered with Twilio's
//! confirmation, START/UNSTOP (and YES from a blocked handset) lifts the
//! block; either way the text is still passed on to the app.

use serde::Serialize;
use utoipa::ToSchema;

use super::{new_sid, now_ms, MessageResource, State, TwilioSim};
use crate::domain::keywords::{self, Keyword};
use crate::domain::phone::PhoneNumber;
use crate::domain::segments::{self, MAX_BODY_CHARS};

/// Texts a handset keeps (the oldest go first).
const TEXTS_KEPT: usize = 500;

const STOPPED: &str = "You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.";
const RESTARTED: &str = "You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhoneDirection {
    /// Texted by the customer.
    Sent,
    /// Delivered to the customer.
    Received,
}

/// One text on a simulated handset.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhoneText {
    /// Twilio's MessageSid.
    pub sid: String,
    pub direction: PhoneDirection,
    /// The business number on the other end.
    pub peer: String,
    pub body: String,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub at: i64,
    /// A sent text: how the app's webhook answered (`null` while on its way).
    pub outcome: Option<String>,
}

/// A handset's screen.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    pub number: String,
    /// Oldest first.
    pub texts: Vec<PhoneText>,
    /// Business numbers this handset texted STOP to (and not START since).
    pub stopped: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("{0}")]
    Invalid(String),
}

impl TwilioSim {
    /// The customer at `from` texts `body` to our number `to`; answers once
    /// the app's webhook has answered (the text then shows its outcome).
    pub async fn text_in(&self, from: &str, to: &str, body: &str) -> Result<PhoneText, TextError> {
        let from = PhoneNumber::parse(from).map_err(|e| TextError::Invalid(e.to_string()))?;
        let body = body.trim();
        if body.is_empty() {
            return Err(TextError::Invalid("the text is empty".into()));
        }
        if body.chars().count() > MAX_BODY_CHARS {
            return Err(TextError::Invalid(format!(
                "a text has at most {MAX_BODY_CHARS} characters"
            )));
        }
        let world = &self.0;
        let (text, sms_url, auto_reply) = {
            let mut state = world.lock();
            let number = state.number(to).ok_or_else(|| {
                TextError::Invalid(format!("{to} is not a number of the simulated account"))
            })?;
            let sms_url = number.sms_url.clone();
            let message = MessageResource::new(
                &world.account_sid,
                (from.as_str(), to),
                body,
                true,
                now_ms(),
            );
            let text = PhoneText {
                sid: message.sid.clone(),
                direction: PhoneDirection::Sent,
                peer: to.to_owned(),
                body: body.to_owned(),
                at: now_ms(),
                outcome: None,
            };
            push(&mut state, from.as_str(), text.clone());
            state.remember(message);
            let auto_reply = opt_out_keyword(&mut state, from.as_str(), to, body);
            (text, sms_url, auto_reply)
        };
        if let Some(reply) = auto_reply {
            self.confirm(from.as_str(), to, reply);
        }
        let outcome = if sms_url.is_empty() {
            "not passed on: the number has no webhook URL".to_owned()
        } else {
            let params = webhook_params(&world.account_sid, &text, from.as_str());
            match super::lifecycle::post_signed(world, &sms_url, &params).await {
                Ok(200) => "delivered to the app".to_owned(),
                Ok(status) => format!("refused by the app (HTTP {status})"),
                Err(e) => format!("the app could not be reached: {e}"),
            }
        };
        let mut state = world.lock();
        let stored = state
            .handsets
            .get_mut(from.as_str())
            .and_then(|texts| texts.iter_mut().find(|t| t.sid == text.sid));
        if let Some(stored) = stored {
            stored.outcome = Some(outcome.clone());
        }
        Ok(PhoneText {
            outcome: Some(outcome),
            ..text
        })
    }

    /// Twilio's own answer to STOP/START, straight to the handset.
    fn confirm(&self, handset: &str, number: &str, body: &str) {
        let text = PhoneText {
            sid: new_sid("SM"),
            direction: PhoneDirection::Received,
            peer: number.to_owned(),
            body: body.to_owned(),
            at: now_ms(),
            outcome: None,
        };
        push(&mut self.0.lock(), handset, text);
    }

    pub fn phone(&self, number: &str) -> Phone {
        let state = self.0.lock();
        let mut stopped: Vec<String> = state
            .opted_out
            .iter()
            .filter(|(handset, _)| handset == number)
            .map(|(_, ours)| ours.clone())
            .collect();
        stopped.sort();
        Phone {
            number: number.to_owned(),
            texts: state.handsets.get(number).cloned().unwrap_or_default(),
            stopped,
        }
    }

    /// Handsets that texted or were texted, in number order.
    pub fn handsets(&self) -> Vec<String> {
        self.0.lock().handsets.keys().cloned().collect()
    }

    /// Our numbers (the simulated account's).
    pub fn numbers(&self) -> Vec<String> {
        self.0
            .lock()
            .numbers
            .iter()
            .map(|n| n.phone_number.clone())
            .collect()
    }
}

/// Records the block or its lifting; the confirmation to send, if any.
fn opt_out_keyword(
    state: &mut State,
    handset: &str,
    number: &str,
    body: &str,
) -> Option<&'static str> {
    let key = (handset.to_owned(), number.to_owned());
    match keywords::classify(body)? {
        (Keyword::OptOut, _) => {
            state.opted_out.insert(key);
            Some(STOPPED)
        }
        (Keyword::OptIn, word) if word != "YES" || state.opted_out.contains(&key) => {
            state.opted_out.remove(&key);
            Some(RESTARTED)
        }
        _ => None,
    }
}

pub(super) fn push(state: &mut State, handset: &str, text: PhoneText) {
    let texts = state.handsets.entry(handset.to_owned()).or_default();
    texts.push(text);
    if texts.len() > TEXTS_KEPT {
        texts.remove(0);
    }
}

/// The parameters Twilio posts for an inbound SMS.
fn webhook_params(account_sid: &str, text: &PhoneText, from: &str) -> Vec<(String, String)> {
    let segments = segments::count(&text.body).segments.to_string();
    [
        ("ToCountry", "US"),
        ("ToState", ""),
        ("SmsMessageSid", text.sid.as_str()),
        ("NumMedia", "0"),
        ("ToCity", ""),
        ("FromZip", ""),
        ("SmsSid", text.sid.as_str()),
        ("FromState", ""),
        ("SmsStatus", "received"),
        ("FromCity", ""),
        ("Body", text.body.as_str()),
        ("FromCountry", "US"),
        ("To", text.peer.as_str()),
        ("ToZip", ""),
        ("NumSegments", segments.as_str()),
        ("MessageSid", text.sid.as_str()),
        ("AccountSid", account_sid),
        ("From", from),
        ("ApiVersion", "2010-04-01"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}
