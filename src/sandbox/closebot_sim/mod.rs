//! The simulated CloseBot of sandbox mode: the endpoints the app calls
//! (`rest.rs`: bots, WebHook sources, leads, the AI switch, metrics), each
//! checking `X-CB-KEY`, and bots that answer the texts handed to their
//! source (`replies.rs`) through the source's callback URL — the app's real
//! response webhook, with the `state` they were given.

mod leads;
mod metrics;
mod replies;
mod rest;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use super::demo_bot::Conversation;
use super::loopback::Loopback;

/// The bot and source sandbox mode starts with.
pub struct Seed {
    pub api_key: String,
    pub bot_id: String,
    pub bot_name: String,
    pub source_id: String,
    pub source_name: String,
    /// The app's response webhook (with its token).
    pub callback: String,
}

#[derive(Clone)]
pub struct CloseBotSim(Arc<World>);

struct World {
    api_key: String,
    loopback: Loopback,
    /// How long a bot "types" before its answer goes out.
    typing: Duration,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    bots: Vec<Bot>,
    sources: Vec<Source>,
    leads: Vec<Lead>,
    /// When each bot message went out (for the agency summary).
    bot_messages: Vec<i64>,
    /// When each booking was made, and by which source.
    bookings: Vec<(i64, String)>,
}

#[derive(Clone)]
struct Bot {
    id: String,
    name: String,
    modified_ms: i64,
}

#[derive(Clone)]
struct Source {
    id: String,
    name: String,
    callback: Option<String>,
    /// Bots attached, with whether each answers here.
    bots: Vec<(String, bool)>,
}

#[derive(Clone)]
struct Lead {
    id: String,
    source_id: String,
    /// The customer's phone (E.164): CloseBot's `contactId`.
    contact_id: String,
    ai_enabled: bool,
    conversation: Conversation,
    tags: Vec<String>,
    last_message: Option<String>,
    last_message_ms: Option<i64>,
}

impl CloseBotSim {
    pub fn new(seed: Seed, loopback: Loopback, typing: Duration) -> Self {
        let now = now_ms();
        let state = State {
            bots: vec![Bot {
                id: seed.bot_id.clone(),
                name: seed.bot_name,
                modified_ms: now,
            }],
            sources: vec![Source {
                id: seed.source_id,
                name: seed.source_name,
                callback: Some(seed.callback),
                bots: vec![(seed.bot_id, true)],
            }],
            ..State::default()
        };
        Self(Arc::new(World {
            api_key: seed.api_key,
            loopback,
            typing,
            state: Mutex::new(state),
        }))
    }

    /// Serves the API on 127.0.0.1 (an ephemeral port); its origin.
    pub async fn serve(&self) -> std::io::Result<String> {
        super::serve_on_loopback(rest::router(self.0.clone())).await
    }

    /// Forgets every lead and figure (the sandbox's data was removed).
    pub fn clear(&self) {
        let mut state = self.0.lock();
        state.leads.clear();
        state.bot_messages.clear();
        state.bookings.clear();
    }
}

impl World {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .expect("the simulator's lock is never poisoned")
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", crate::domain::ids::random_hex(8))
}

fn rfc3339(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
