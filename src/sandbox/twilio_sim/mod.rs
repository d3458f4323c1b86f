//! The simulated Twilio of sandbox mode: the part of Twilio's REST API the
//! app calls (`rest.rs`, with Twilio's checks and error codes), message
//! statuses that move on and are called back like Twilio's (`lifecycle.rs`),
//! and the customers' handsets of the phone simulator (`handset.rs`), whose
//! texts reach the app as signed inbound webhooks.

mod handset;
mod lifecycle;
mod rest;

pub use handset::{Phone, PhoneDirection, PhoneText, TextError};

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;

use super::loopback::Loopback;

/// Messages the simulator remembers (older ones are forgotten, as a fetch
/// of a very old message would not matter to the app).
const MESSAGES_KEPT: usize = 10_000;

/// The simulated Twilio account: one SMS number, its webhook pointing at the app.
pub struct Account {
    pub account_sid: String,
    pub auth_token: String,
    pub number: String,
    pub number_sid: String,
    /// The number's "A message comes in" URL.
    pub sms_url: String,
}

/// How long statuses take to move on.
#[derive(Debug, Clone, Copy)]
pub struct Timing {
    pub sent_after: Duration,
    pub delivered_after: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            sent_after: Duration::from_millis(300),
            delivered_after: Duration::from_millis(700),
        }
    }
}

#[derive(Clone)]
pub struct TwilioSim(Arc<World>);

struct World {
    account_sid: String,
    auth_token: String,
    loopback: Loopback,
    timing: Timing,
    /// Percent of sent messages that end `undelivered` with error 30006.
    failure_percent: Arc<AtomicU8>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    numbers: Vec<Number>,
    messages: HashMap<String, MessageResource>,
    /// Message SIDs, oldest first (for the list and for forgetting).
    order: VecDeque<String>,
    handsets: BTreeMap<String, Vec<PhoneText>>,
    /// (handset, our number) pairs that texted STOP (Twilio blocks sends: 21610).
    opted_out: HashSet<(String, String)>,
}

#[derive(Debug, Clone, Serialize)]
struct Number {
    sid: String,
    account_sid: String,
    phone_number: String,
    friendly_name: String,
    sms_url: String,
    sms_method: String,
    capabilities: serde_json::Value,
}

/// Twilio's Message resource, as its API renders it.
#[derive(Debug, Clone, Serialize)]
struct MessageResource {
    sid: String,
    account_sid: String,
    from: String,
    to: String,
    body: String,
    status: String,
    direction: &'static str,
    num_segments: String,
    num_media: String,
    date_created: String,
    date_updated: String,
    date_sent: Option<String>,
    error_code: Option<i64>,
    error_message: Option<String>,
    api_version: &'static str,
    price: Option<String>,
    price_unit: &'static str,
    messaging_service_sid: Option<String>,
    uri: String,
}

impl MessageResource {
    /// A message between `from` and `to` made now (`at`), in `status`.
    fn new(
        account_sid: &str,
        (from, to): (&str, &str),
        body: &str,
        inbound: bool,
        at: i64,
    ) -> Self {
        let sid = new_sid("SM");
        let date = twilio_date(at);
        Self {
            uri: format!("/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json"),
            sid,
            account_sid: account_sid.to_owned(),
            from: from.to_owned(),
            to: to.to_owned(),
            body: body.to_owned(),
            status: if inbound { "received" } else { "queued" }.into(),
            direction: if inbound { "inbound" } else { "outbound-api" },
            num_segments: crate::domain::segments::count(body).segments.to_string(),
            num_media: "0".into(),
            date_created: date.clone(),
            date_updated: date.clone(),
            date_sent: inbound.then_some(date),
            error_code: None,
            error_message: None,
            api_version: "2010-04-01",
            price: None,
            price_unit: "USD",
            messaging_service_sid: None,
        }
    }
}

impl TwilioSim {
    pub fn new(
        account: Account,
        loopback: Loopback,
        timing: Timing,
        failure_percent: Arc<AtomicU8>,
    ) -> Self {
        let number = Number {
            sid: account.number_sid,
            account_sid: account.account_sid.clone(),
            friendly_name: friendly(&account.number),
            phone_number: account.number,
            sms_url: account.sms_url,
            sms_method: "POST".into(),
            capabilities: serde_json::json!({ "sms": true, "mms": false, "voice": false }),
        };
        Self(Arc::new(World {
            account_sid: account.account_sid,
            auth_token: account.auth_token,
            loopback,
            timing,
            failure_percent,
            state: Mutex::new(State {
                numbers: vec![number],
                ..State::default()
            }),
        }))
    }

    /// Serves the REST API on 127.0.0.1 (an ephemeral port); its origin.
    pub async fn serve(&self) -> std::io::Result<String> {
        super::serve_on_loopback(rest::router(self.0.clone())).await
    }

    /// Forgets every message and handset (the sandbox's data was removed).
    pub fn clear(&self) {
        let mut state = self.0.lock();
        state.messages.clear();
        state.order.clear();
        state.handsets.clear();
        state.opted_out.clear();
    }
}

impl World {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .expect("the simulator's lock is never poisoned")
    }

    fn fails_next(&self) -> bool {
        let percent = self.failure_percent.load(Ordering::Relaxed).min(100);
        percent > 0 && rand::Rng::gen_range(&mut rand::thread_rng(), 0..100) < percent
    }
}

impl State {
    fn remember(&mut self, message: MessageResource) {
        self.order.push_back(message.sid.clone());
        self.messages.insert(message.sid.clone(), message);
        while self.order.len() > MESSAGES_KEPT {
            if let Some(old) = self.order.pop_front() {
                self.messages.remove(&old);
            }
        }
    }

    fn number(&self, phone: &str) -> Option<&Number> {
        self.numbers.iter().find(|n| n.phone_number == phone)
    }
}

/// `+12065550100` → `(206) 555-0100`, as Twilio names US numbers.
fn friendly(number: &str) -> String {
    match number.strip_prefix("+1") {
        Some(d) if d.len() == 10 => format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..]),
        _ => number.to_owned(),
    }
}

/// Twilio's dates: RFC 2822 (`Thu, 30 Jul 2015 20:12:31 +0000`).
fn twilio_date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .format("%a, %d %b %Y %H:%M:%S +0000")
        .to_string()
}

fn new_sid(prefix: &str) -> String {
    format!("{prefix}{}", crate::domain::ids::random_hex(16))
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
