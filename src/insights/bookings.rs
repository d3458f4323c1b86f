//! This month's bookings from CloseBot's agency summary, cached briefly so
//! dashboards do not hammer CloseBot; never an error, a reason instead.

use std::sync::Mutex;

use serde::Serialize;
use utoipa::ToSchema;

use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;

const FRESH_MS: i64 = 60_000;
/// A failed fetch is tried again sooner.
const RETRY_MS: i64 = 15_000;

#[derive(Serialize, ToSchema, Clone)]
pub struct Bookings {
    /// This month's successful bookings from CloseBot; `null` when unavailable.
    #[schema(required = true)]
    pub value: Option<i64>,
    /// Why `value` is missing.
    #[schema(required = true)]
    pub reason: Option<String>,
}

/// The last bookings figure fetched from CloseBot, with when.
#[derive(Default)]
pub struct BookingsCache(Mutex<Option<(i64, Bookings)>>);

impl BookingsCache {
    pub async fn get(
        &self,
        closebot: &CloseBotClient,
        credentials: &CredentialStore,
        now_ms: i64,
    ) -> Bookings {
        if let Some((at, cached)) = self.0.lock().expect("cache lock is never poisoned").clone() {
            let fresh_for = if cached.value.is_some() {
                FRESH_MS
            } else {
                RETRY_MS
            };
            if now_ms - at < fresh_for {
                return cached;
            }
        }
        let fetched = fetch(closebot, credentials).await;
        *self.0.lock().expect("cache lock is never poisoned") = Some((now_ms, fetched.clone()));
        fetched
    }
}

async fn fetch(closebot: &CloseBotClient, credentials: &CredentialStore) -> Bookings {
    let missing = |reason: String| Bookings {
        value: None,
        reason: Some(reason),
    };
    let Some(key) = credentials.closebot_api_key() else {
        return missing("The CloseBot API key is not configured".into());
    };
    match closebot.agency_summary(&key).await {
        Ok(summary) => match summary.current_month_successful_bookings {
            Some(value) => Bookings {
                value: Some(value),
                reason: None,
            },
            None => missing("CloseBot's summary has no bookings figure".into()),
        },
        Err(e) => missing(format!("CloseBot is unreachable: {e}")),
    }
}
