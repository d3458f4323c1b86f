//! What the delivery workers run with. The rest of the app holds an `Outbox`
//! to wake them; the queue itself knows nothing of HTTP or `AppState`, so the
//! layers import each other in one direction only.

use std::ops::Deref;
use std::sync::{Arc, RwLock};

use tokio::sync::Notify;

use super::health::WorkerHealth;
use super::{Faults, RetryPolicy, RouteSlots};
use crate::alerts::config::AlertSettings;
use crate::clock::Clock;
use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;
use crate::providers::twilio::TwilioClient;
use crate::security::keyring::Keyring;
use crate::security::response_token::ResponseTokens;
use crate::storage::{Provider, Store};

#[derive(Clone)]
pub struct Outbox(Arc<Inner>);

pub struct Parts {
    pub store: Store,
    pub clock: Clock,
    pub credentials: CredentialStore,
    pub twilio: TwilioClient,
    pub closebot: CloseBotClient,
    pub keys: Keyring,
    pub retry: RetryPolicy,
    /// Where Twilio posts delivery statuses (`StatusCallback` of each send).
    pub status_callback_url: String,
    /// The dashboard's address (`APP_URL`), for links in alerts.
    pub dashboard_url: String,
    /// How long alert items gather before their batch goes out.
    pub alert_window: std::time::Duration,
    /// Where CloseBot posts replies, without its token.
    pub response_url_base: String,
    pub response_tokens: Arc<ResponseTokens>,
    /// What alerts are on, and how they are sent (changed from Settings).
    pub alerts: Arc<RwLock<AlertSettings>>,
    pub route_slots: RouteSlots,
    pub health: WorkerHealth,
    pub faults: Faults,
}

struct Inner {
    parts: Parts,
    /// One per provider, in `Provider::ALL`'s order.
    work: [Notify; 3],
}

impl Outbox {
    pub fn new(parts: Parts) -> Self {
        Self(Arc::new(Inner {
            parts,
            work: Default::default(),
        }))
    }

    /// Tells a provider's worker that new work may be due.
    pub fn wake(&self, provider: Provider) {
        self.work_signal(provider).notify_one();
    }

    pub fn alert_settings(&self) -> AlertSettings {
        self.alerts
            .read()
            .expect("alert settings lock is never poisoned")
            .clone()
    }

    /// CloseBot's callback URL with the current token.
    pub fn response_url(&self) -> String {
        format!(
            "{}?token={}",
            self.response_url_base,
            self.response_tokens.current()
        )
    }

    pub fn work_signal(&self, provider: Provider) -> &Notify {
        &self.0.work[provider.index()]
    }
}

impl Deref for Outbox {
    type Target = Parts;
    fn deref(&self) -> &Parts {
        &self.0.parts
    }
}
