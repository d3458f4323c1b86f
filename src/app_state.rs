//! Everything a request handler or worker needs, shared behind one `Arc`.

use std::ops::Deref;
use std::sync::{Arc, RwLock};

use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::Config;
use crate::preferences::MessagingPreferences;
use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;
use crate::providers::twilio::TwilioClient;
use crate::queue::RetryPolicy;
use crate::security::keyring::Keyring;
use crate::security::login_limiter::LoginLimiter;
use crate::storage::{Provider, Store};

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Config,
    pub store: Store,
    pub clock: Clock,
    pub keys: Keyring,
    pub credentials: CredentialStore,
    pub messaging: RwLock<MessagingPreferences>,
    /// The secret in the CloseBot callback URL.
    pub response_token: String,
    pub twilio: TwilioClient,
    pub closebot: CloseBotClient,
    pub retry: RetryPolicy,
    pub login_limiter: LoginLimiter,
    pub route_slots: crate::queue::RouteSlots,
    pub bookings_cache: crate::http::dashboard::BookingsCache,
    twilio_work: Notify,
    closebot_work: Notify,
}

pub struct Parts {
    pub config: Config,
    pub store: Store,
    pub clock: Clock,
    pub keys: Keyring,
    pub credentials: CredentialStore,
    pub messaging: MessagingPreferences,
    pub response_token: String,
    pub retry: RetryPolicy,
    /// Longest any call to a provider may take.
    pub http_timeout: std::time::Duration,
}

impl AppState {
    pub fn new(parts: Parts) -> Self {
        let http = crate::providers::http_client(parts.http_timeout);
        Self(Arc::new(Shared {
            twilio: TwilioClient::new(http.clone(), &parts.config.twilio_api_base),
            closebot: CloseBotClient::new(http, &parts.config.closebot_api_base),
            config: parts.config,
            store: parts.store,
            clock: parts.clock,
            keys: parts.keys,
            credentials: parts.credentials,
            messaging: RwLock::new(parts.messaging),
            response_token: parts.response_token,
            retry: parts.retry,
            login_limiter: LoginLimiter::default(),
            route_slots: Default::default(),
            bookings_cache: Default::default(),
            twilio_work: Notify::new(),
            closebot_work: Notify::new(),
        }))
    }

    /// Tells a provider's worker that new work may be due.
    pub fn wake(&self, provider: Provider) {
        self.work_signal(provider).notify_one();
    }

    pub fn work_signal(&self, provider: Provider) -> &Notify {
        match provider {
            Provider::Twilio => &self.twilio_work,
            Provider::Closebot => &self.closebot_work,
        }
    }

    pub fn messaging(&self) -> MessagingPreferences {
        self.messaging
            .read()
            .expect("preferences lock is never poisoned")
            .clone()
    }

    pub fn webhook_url(&self, path: &str) -> String {
        format!("{}{path}", self.config.app_url)
    }

    pub fn status_callback_url(&self) -> String {
        self.webhook_url("/api/webhooks/twilio/status")
    }

    pub fn response_webhook_url(&self) -> String {
        format!(
            "{}?token={}",
            self.webhook_url("/api/webhooks/closebot/response"),
            self.response_token
        )
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
