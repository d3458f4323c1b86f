//! This month's bookings from CloseBot's agency summary (the whole agency,
//! or one source), cached briefly so dashboards do not hammer CloseBot;
//! never an error, a reason instead.

use serde::Serialize;
use utoipa::ToSchema;

use crate::insights::account_cache::AccountCache;
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

/// The last bookings figures fetched from CloseBot (per source; `None`: the
/// agency), with when.
#[derive(Default)]
pub struct BookingsCache(AccountCache<Option<String>, (i64, Bookings)>);

impl BookingsCache {
    /// The agency's bookings this month.
    pub async fn get(
        &self,
        closebot: &CloseBotClient,
        credentials: &CredentialStore,
        now_ms: i64,
    ) -> Bookings {
        self.of_source(closebot, credentials, None, now_ms).await
    }

    /// This month's bookings of one CloseBot source (`None`: the agency).
    pub async fn of_source(
        &self,
        closebot: &CloseBotClient,
        credentials: &CredentialStore,
        source: Option<&str>,
        now_ms: i64,
    ) -> Bookings {
        let key = source.map(str::to_owned);
        let generation = credentials.generation();
        let cached = self.0.get(generation, &key);
        if let Some((at, cached)) = cached {
            let fresh_for = if cached.value.is_some() {
                FRESH_MS
            } else {
                RETRY_MS
            };
            if now_ms - at < fresh_for {
                return cached;
            }
        }
        let fetched = fetch(closebot, credentials, source).await;
        self.0.insert(generation, key, (now_ms, fetched.clone()));
        fetched
    }
}

async fn fetch(
    closebot: &CloseBotClient,
    credentials: &CredentialStore,
    source: Option<&str>,
) -> Bookings {
    let missing = |reason: String| Bookings {
        value: None,
        reason: Some(reason),
    };
    let Some(key) = credentials.closebot() else {
        return missing("The CloseBot API key is not configured".into());
    };
    match closebot.agency_summary(&key, source).await {
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
