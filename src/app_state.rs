//! Everything a request handler needs, shared behind one `Arc`. The delivery
//! workers get their own part of it (`queue::Outbox`), so the queue never
//! depends on this module or on HTTP.

use std::ops::Deref;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::alerts::config::AlertSettings;
use crate::clock::Clock;
use crate::config::Config;
use crate::imports::runner::ImportRunner;
use crate::insights::analytics::bookings::BookingGraphCache;
use crate::insights::bookings::BookingsCache;
use crate::insights::leads::LeadCache;
use crate::preferences::{BusinessPreferences, MessagingPreferences};
use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;
use crate::providers::twilio::TwilioClient;
use crate::queue::{Faults, Outbox, RetryPolicy};
use crate::security::keyring::Keyring;
use crate::security::response_token::ResponseTokens;
use crate::storage::{Provider, Store};
use chrono_tz::Tz;

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub config: Config,
    pub store: Store,
    pub clock: Clock,
    pub keys: Keyring,
    pub credentials: CredentialStore,
    pub messaging: RwLock<MessagingPreferences>,
    pub business: RwLock<BusinessPreferences>,
    /// The secret in the CloseBot callback URL.
    pub response_token: Arc<ResponseTokens>,
    pub twilio: TwilioClient,
    pub closebot: CloseBotClient,
    pub bookings: BookingsCache,
    pub booking_graphs: BookingGraphCache,
    pub leads: LeadCache,
    pub imports: Arc<ImportRunner>,
    pub outbox: Outbox,
    /// Longest a webhook waits for its write before answering 503, so that
    /// Twilio retries (or uses the number's fallback URL) instead of timing out.
    pub webhook_write_timeout: Duration,
    /// The simulated providers of sandbox mode (see `sandbox::mode`).
    pub sandbox: crate::sandbox::Sandbox,
}

pub struct Parts {
    pub config: Config,
    pub store: Store,
    pub clock: Clock,
    pub keys: Keyring,
    pub credentials: CredentialStore,
    pub messaging: MessagingPreferences,
    pub business: BusinessPreferences,
    pub alerts: AlertSettings,
    pub response_token: String,
    pub previous_response_token: Option<(String, i64)>,
    pub retry: RetryPolicy,
    /// Longest any call to a provider may take.
    pub http_timeout: Duration,
    pub webhook_write_timeout: Duration,
    pub alert_window: Duration,
    pub sandbox: crate::sandbox::Sandbox,
}

impl AppState {
    pub fn new(parts: Parts) -> Self {
        let http = crate::providers::http_client(parts.http_timeout);
        let twilio = TwilioClient::new(http.clone(), &parts.config.twilio_api_base);
        let closebot = CloseBotClient::new(http, &parts.config.closebot_api_base);
        let response_token = Arc::new(ResponseTokens::new(
            parts.response_token,
            parts.previous_response_token,
        ));
        let outbox = Outbox::new(crate::queue::Parts {
            store: parts.store.clone(),
            clock: parts.clock.clone(),
            credentials: parts.credentials.clone(),
            twilio: twilio.clone(),
            closebot: closebot.clone(),
            keys: parts.keys.clone(),
            retry: parts.retry,
            status_callback_url: format!("{}{STATUS_WEBHOOK}", parts.config.app_url),
            response_url_base: format!("{}{RESPONSE_WEBHOOK}", parts.config.app_url),
            dashboard_url: parts.config.app_url.to_string(),
            alert_window: parts.alert_window,
            response_tokens: response_token.clone(),
            alerts: Arc::new(RwLock::new(parts.alerts)),
            route_slots: Default::default(),
            health: Default::default(),
            faults: Faults::default(),
        });
        let imports = ImportRunner::new(parts.store.clone(), parts.clock.clone(), outbox.clone());
        Self(Arc::new(Shared {
            imports,
            twilio,
            closebot,
            outbox,
            config: parts.config,
            store: parts.store,
            clock: parts.clock,
            keys: parts.keys,
            credentials: parts.credentials,
            messaging: RwLock::new(parts.messaging),
            business: RwLock::new(parts.business),
            response_token,
            bookings: Default::default(),
            booking_graphs: Default::default(),
            leads: Default::default(),
            webhook_write_timeout: parts.webhook_write_timeout,
            sandbox: parts.sandbox,
        }))
    }

    /// Tells a provider's worker that new work may be due.
    pub fn wake(&self, provider: Provider) {
        self.outbox.wake(provider);
    }

    pub fn messaging(&self) -> MessagingPreferences {
        self.messaging
            .read()
            .expect("preferences lock is never poisoned")
            .clone()
    }

    pub fn business(&self) -> BusinessPreferences {
        self.business
            .read()
            .expect("preferences lock is never poisoned")
            .clone()
    }

    /// The zone a route would give the business: the first route's with hours.
    pub fn default_time_zone(&self) -> Tz {
        self.store
            .list_routes()
            .iter()
            .filter_map(|r| r.business_hours.as_ref())
            .find_map(|h| h.timezone.parse().ok())
            .unwrap_or(Tz::UTC)
    }

    /// The business's time zone: the one saved in Settings, else the default.
    pub fn business_time_zone(&self) -> Tz {
        self.business()
            .time_zone
            .and_then(|name| name.parse().ok())
            .unwrap_or_else(|| self.default_time_zone())
    }

    pub fn webhook_url(&self, path: &str) -> String {
        format!("{}{path}", self.config.app_url)
    }

    pub fn status_callback_url(&self) -> String {
        self.webhook_url(STATUS_WEBHOOK)
    }

    pub fn response_webhook_url(&self) -> String {
        self.outbox.response_url()
    }
}

const STATUS_WEBHOOK: &str = "/api/webhooks/twilio/status";
const RESPONSE_WEBHOOK: &str = "/api/webhooks/closebot/response";

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
