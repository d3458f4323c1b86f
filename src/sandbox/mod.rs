//! Sandbox mode: a simulated Twilio and a simulated CloseBot inside the same
//! process, each on its own 127.0.0.1 port, speaking the providers' HTTP
//! APIs. The app's own provider clients call them with sandbox credentials
//! (kept encrypted in the settings like real ones), and they call the app's
//! real webhooks, so every part of the bridge runs as with the real
//! providers: signed inbound webhooks, the outbox, the signed CloseBot
//! state, the callback, the Twilio send and its status callbacks.
//!
//! `mode.rs` switches it on and off and removes what it made; the phone
//! simulator's page talks to the simulated handsets (`TwilioSim`).

pub mod closebot_sim;
pub mod demo_bot;
pub mod loopback;
pub mod mode;
mod start;
pub mod twilio_sim;

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

use closebot_sim::CloseBotSim;
use loopback::Loopback;
use twilio_sim::TwilioSim;

/// The simulated account's SMS number (555-01XX numbers are fictional in
/// every North American area code, so a sandbox text can never be a real
/// customer's).
pub const NUMBER: &str = "+12065550100";
/// Its SID at the simulated Twilio.
pub const NUMBER_SID: &str = "PN00000000000000000000000000000100";
/// The customer the phone simulator texts as unless another number is chosen.
pub const DEFAULT_CUSTOMER: &str = "+12065550123";
pub const BOT_ID: &str = "bot_sandbox_demo";
pub const BOT_NAME: &str = "Brightside Solar demo bot";
pub const SOURCE_ID: &str = "src_sandbox_demo";
pub const SOURCE_NAME: &str = "Sandbox SMS";

/// The running simulators, when sandbox mode has been on since the start.
#[derive(Clone)]
pub struct Sims {
    pub twilio: TwilioSim,
    pub closebot: CloseBotSim,
    pub access: crate::providers::credentials::SandboxAccess,
}

/// What the app keeps of sandbox mode (in `AppState`).
#[derive(Clone)]
pub struct Sandbox(Arc<Inner>);

struct Inner {
    loopback: Loopback,
    /// Started with `closebot-sms serve --sandbox`.
    forced: bool,
    failure_percent: Arc<AtomicU8>,
    sims: Mutex<Option<Sims>>,
    /// One switch (on, off, removal) at a time.
    switching: tokio::sync::Mutex<()>,
}

impl Sandbox {
    pub fn new(loopback: Loopback, forced: bool) -> Self {
        Self(Arc::new(Inner {
            loopback,
            forced,
            failure_percent: Arc::default(),
            sims: Mutex::new(None),
            switching: tokio::sync::Mutex::new(()),
        }))
    }

    pub fn forced(&self) -> bool {
        self.0.forced
    }

    /// The simulators, once started (they keep running after sandbox mode
    /// is left, refusing every call without its credentials).
    pub fn sims(&self) -> Option<Sims> {
        self.0
            .sims
            .lock()
            .expect("the sandbox lock is never poisoned")
            .clone()
    }

    pub fn failure_percent(&self) -> u8 {
        self.0.failure_percent.load(Ordering::Relaxed)
    }

    pub fn set_failure_percent(&self, percent: u8) {
        self.0
            .failure_percent
            .store(percent.min(100), Ordering::Relaxed);
    }

    fn loopback(&self) -> &Loopback {
        &self.0.loopback
    }

    fn keep(&self, sims: Sims) {
        *self
            .0
            .sims
            .lock()
            .expect("the sandbox lock is never poisoned") = Some(sims);
    }
}

/// Serves `router` on an ephemeral 127.0.0.1 port; its origin.
async fn serve_on_loopback(router: axum::Router) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
    let origin = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "a sandbox simulator stopped");
        }
    });
    Ok(origin)
}
