//! What CloseBot collected about a contact (its lead's fields and tags),
//! cached for a minute so the contact panel opens fast and a slow CloseBot
//! never makes it hang; an answer in words when it cannot be had.

use serde::Serialize;
use utoipa::ToSchema;

use crate::insights::account_cache::AccountCache;
use crate::providers::closebot::CloseBotClient;
use crate::providers::credentials::CredentialStore;

const FRESH_MS: i64 = 60_000;
const MAX_CACHED: usize = 2_000;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LeadInsight {
    /// The lead's tags on CloseBot.
    pub tags: Vec<String>,
    /// The fields the bot collected, in CloseBot's order.
    pub fields: Vec<CollectedField>,
    /// Why there is nothing (no lead yet, CloseBot unreachable…).
    #[schema(required = true)]
    pub unavailable: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CollectedField {
    /// The field's label.
    pub name: String,
    /// Its value, as text.
    pub value: String,
    /// Filled in by the bot's AI (rather than a form or an import).
    pub ai_produced: bool,
}

#[derive(Default)]
pub struct LeadCache(AccountCache<String, (i64, LeadInsight)>);

impl LeadCache {
    pub async fn get(
        &self,
        closebot: &CloseBotClient,
        credentials: &CredentialStore,
        lead_id: Option<&str>,
        now_ms: i64,
    ) -> LeadInsight {
        let Some(lead_id) = lead_id else {
            return empty(
                "CloseBot has no lead for this contact yet (it has one once the bot answers)",
            );
        };
        let generation = credentials.generation();
        let cached = self
            .0
            .get(generation, &lead_id.to_owned())
            .filter(|(at, _)| now_ms - at < FRESH_MS)
            .map(|(_, insight)| insight);
        if let Some(insight) = cached {
            return insight;
        }
        let insight = fetch(closebot, credentials, lead_id).await;
        self.0
            .bound(MAX_CACHED, |_, (at, _)| now_ms - *at < FRESH_MS);
        self.0
            .insert(generation, lead_id.to_owned(), (now_ms, insight.clone()));
        insight
    }
}

fn empty(why: &str) -> LeadInsight {
    LeadInsight {
        tags: Vec::new(),
        fields: Vec::new(),
        unavailable: Some(why.to_owned()),
    }
}

async fn fetch(
    closebot: &CloseBotClient,
    credentials: &CredentialStore,
    lead_id: &str,
) -> LeadInsight {
    let Some(key) = credentials.closebot() else {
        return empty("The CloseBot API key is not configured");
    };
    match closebot.lead(&key, lead_id).await {
        Ok(lead) => LeadInsight {
            tags: lead.tags.unwrap_or_default(),
            fields: lead
                .fields
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| {
                    let value = match f.value? {
                        serde_json::Value::String(s) => s,
                        serde_json::Value::Null => return None,
                        other => other.to_string(),
                    };
                    Some(CollectedField {
                        name: f.name.or(f.field)?,
                        value,
                        ai_produced: f.ai_produced,
                    })
                })
                .collect(),
            unavailable: None,
        },
        Err(e) => empty(&crate::providers::in_words("CloseBot", &e)),
    }
}
