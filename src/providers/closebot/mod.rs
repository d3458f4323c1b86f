//! CloseBot's API (header `X-CB-KEY`): hand it inbound texts, find leads,
//! switch the bot off and on for one lead, list bots, and create, re-point
//! and attach WebHook sources.

use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::credentials::CloseBotAuth;
use super::{classify_status, CallError};

mod booking_graph;
pub use booking_graph::{BookingGraph, GraphResolution};

#[derive(Clone)]
pub struct CloseBotClient {
    http: reqwest::Client,
    base: String,
}

/// The event body pinned by CONTRACT §4.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboundEvent<'a> {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub contact_id: &'a str,
    pub message: &'a str,
    pub state: serde_json::Value,
}

/// One message as `GET /botMetric/messages` lists it (what we read of it).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BotMessage {
    #[serde(default)]
    pub from_bot: bool,
    #[serde(default)]
    pub message: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Lead {
    pub id: String,
    #[serde(default)]
    pub contact_id: Option<String>,
}

/// A lead as `GET /lead/{id}` gives it: what the bot collected.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeadDetails {
    pub name: Option<String>,
    pub tags: Option<Vec<String>>,
    pub fields: Option<Vec<LeadField>>,
    pub last_message_time: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LeadField {
    pub field: Option<String>,
    pub name: Option<String>,
    pub value: Option<serde_json::Value>,
    pub ai_produced: bool,
}

#[derive(Deserialize)]
struct LeadSearchResult {
    #[serde(default)]
    leads: Option<Vec<Lead>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct AiToggle {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default = "yes")]
    pub applicable: bool,
    #[serde(default)]
    pub reason: Option<String>,
}

fn yes() -> bool {
    true
}

/// `GET /botMetric/agencySummary` (calendar month), read defensively.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AgencySummary {
    pub current_month_successful_bookings: Option<i64>,
    pub last_month_successful_bookings: Option<i64>,
    pub current_month_message_count: Option<i64>,
    pub current_month_contacts: Option<i64>,
}

/// A bot as `GET /bot` describes it (the parts the dashboard shows).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Bot {
    pub id: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub sources: Option<Vec<BotSource>>,
    pub follow_up_active: bool,
    pub modified_at: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BotSource {
    pub id: Option<String>,
    pub category: Option<String>,
    pub name: Option<String>,
    pub enabled: bool,
}

/// An agency source (`SourceDto`), the parts we use.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Source {
    pub source_id: Option<String>,
    pub name: Option<String>,
    pub category: Option<String>,
    pub connected: bool,
    pub webhook_callback: Option<String>,
    pub bots: Option<Vec<SourceBot>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SourceBot {
    pub id: Option<String>,
    pub bot_name: Option<String>,
    pub enabled: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SourcePage {
    results: Option<Vec<Source>>,
}

#[derive(Deserialize, Default)]
struct ProblemDetails {
    title: Option<String>,
    detail: Option<String>,
}

impl CloseBotClient {
    pub fn new(http: reqwest::Client, base: &str) -> Self {
        Self {
            http,
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// Sandbox credentials carry the simulator's origin; real ones use ours.
    fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        key: &CloseBotAuth,
    ) -> reqwest::RequestBuilder {
        let base = key.api_base.as_deref().unwrap_or(&self.base);
        self.http
            .request(method, format!("{base}{path}"))
            .header("X-CB-KEY", key.api_key.expose_secret())
    }

    pub async fn post_event(
        &self,
        key: &CloseBotAuth,
        source_id: &str,
        event: &InboundEvent<'_>,
    ) -> Result<u16, CallError> {
        let path = format!("/webhook/event/{}", encode_segment(source_id));
        let response = self.request(reqwest::Method::POST, &path, key).json(event);
        answer(response).await.map(|(status, _)| status)
    }

    /// The lead whose CloseBot contactId is this phone number, if any.
    pub async fn find_lead_by_phone(
        &self,
        key: &CloseBotAuth,
        phone: &str,
    ) -> Result<Option<Lead>, CallError> {
        let body = json!({ "search": phone, "offset": 0, "count": 25 });
        let bytes = check(
            self.request(reqwest::Method::POST, "/lead/search", key)
                .json(&body),
        )
        .await?;
        let result: LeadSearchResult = parse(&bytes, "lead search")?;
        Ok(result
            .leads
            .unwrap_or_default()
            .into_iter()
            .find(|lead| lead.contact_id.as_deref() == Some(phone)))
    }

    /// The messages CloseBot keeps for one lead on one source since `start`
    /// (`GET /botMetric/messages`), newest at most 200.
    pub async fn lead_messages(
        &self,
        key: &CloseBotAuth,
        source_id: &str,
        lead_id: &str,
        start: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<BotMessage>, CallError> {
        let start = start.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let query = [
            ("sourceId", source_id),
            ("leadId", lead_id),
            ("start", start.as_str()),
            ("maxCount", "200"),
        ];
        let bytes = check(
            self.request(reqwest::Method::GET, "/botMetric/messages", key)
                .query(&query),
        )
        .await?;
        parse(&bytes, "bot messages")
    }

    /// Creates a bot from a description, with CloseBot's AI (category WebHook).
    pub async fn create_bot_with_ai(
        &self,
        key: &CloseBotAuth,
        name: &str,
        description: &str,
    ) -> Result<Bot, CallError> {
        let body = json!({ "name": name, "description": description, "category": "WebHook" });
        let request = self
            .request(reqwest::Method::POST, "/bot/ai", key)
            .json(&body)
            .timeout(std::time::Duration::from_secs(60));
        parse(&check(request).await?, "new bot")
    }

    /// One lead, with the fields and tags the bot collected.
    pub async fn lead(&self, key: &CloseBotAuth, lead_id: &str) -> Result<LeadDetails, CallError> {
        let path = format!("/lead/{}", encode_segment(lead_id));
        let request = self
            .request(reqwest::Method::GET, &path, key)
            .timeout(std::time::Duration::from_secs(5));
        parse(&check(request).await?, "lead")
    }

    /// This calendar month's agency summary; used for the dashboard's
    /// bookings card, which must not wait long, hence the short timeout.
    pub async fn agency_summary(
        &self,
        key: &CloseBotAuth,
        source_id: Option<&str>,
    ) -> Result<AgencySummary, CallError> {
        let mut request = self
            .request(reqwest::Method::GET, "/botMetric/agencySummary", key)
            .timeout(std::time::Duration::from_secs(3));
        if let Some(source) = source_id {
            request = request.query(&[("sourceId", source)]);
        }
        let bytes = check(request).await?;
        parse(&bytes, "agency summary")
    }

    /// The agency's bots.
    pub async fn list_bots(&self, key: &CloseBotAuth) -> Result<Vec<Bot>, CallError> {
        let bytes = check(self.request(reqwest::Method::GET, "/bot", key)).await?;
        parse(&bytes, "bot list")
    }

    /// The agency's WebHook sources (the first 500).
    pub async fn webhook_sources(&self, key: &CloseBotAuth) -> Result<Vec<Source>, CallError> {
        let request = self
            .request(reqwest::Method::GET, "/agency/source", key)
            .query(&[("category", "WebHook"), ("page", "1"), ("pageSize", "500")]);
        let page: SourcePage = parse(&check(request).await?, "source list")?;
        Ok(page.results.unwrap_or_default())
    }

    /// Creates a WebHook source whose replies come to `callback`.
    pub async fn create_webhook_source(
        &self,
        key: &CloseBotAuth,
        name: &str,
        callback: &str,
    ) -> Result<Source, CallError> {
        let body = json!({ "name": name, "category": "WebHook", "webhookCallback": callback });
        let request = self
            .request(reqwest::Method::POST, "/agency/source", key)
            .json(&body);
        parse(&check(request).await?, "new source")
    }

    /// Points a source's replies at `callback` (after the token rotated).
    pub async fn set_source_callback(
        &self,
        key: &CloseBotAuth,
        source_id: &str,
        callback: &str,
    ) -> Result<(), CallError> {
        let path = format!("/agency/source/{}", encode_segment(source_id));
        let request = self
            .request(reqwest::Method::PUT, &path, key)
            .json(&json!({ "webhookCallback": callback }));
        check(request).await.map(drop)
    }

    /// Lets `bot_id` answer on the source.
    pub async fn attach_source(
        &self,
        key: &CloseBotAuth,
        bot_id: &str,
        source_id: &str,
    ) -> Result<(), CallError> {
        let path = format!(
            "/bot/{}/source/{}",
            encode_segment(bot_id),
            encode_segment(source_id)
        );
        let request = self
            .request(reqwest::Method::POST, &path, key)
            .json(&json!({ "enabled": true }));
        check(request).await.map(drop)
    }

    pub async fn set_ai_enabled(
        &self,
        key: &CloseBotAuth,
        lead_id: &str,
        enabled: bool,
    ) -> Result<AiToggle, CallError> {
        let path = format!("/lead/{}/ai-toggle", encode_segment(lead_id));
        let bytes = check(
            self.request(reqwest::Method::PUT, &path, key)
                .json(&json!({ "enabled": enabled })),
        )
        .await?;
        parse(&bytes, "AI toggle")
    }
}

fn encode_segment(raw: &str) -> String {
    url::form_urlencoded::byte_serialize(raw.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, CallError> {
    serde_json::from_slice(bytes).map_err(|e| CallError::Transient {
        reason: format!("CloseBot's {what} answer could not be read: {e}"),
        retry_after: None,
        http_status: None,
        in_doubt: false,
        code: crate::providers::UNREADABLE.to_owned(),
    })
}

async fn check(request: reqwest::RequestBuilder) -> Result<bytes::Bytes, CallError> {
    answer(request).await.map(|(_, bytes)| bytes)
}

/// A successful answer's status and body; anything else as a `CallError`.
async fn answer(request: reqwest::RequestBuilder) -> Result<(u16, bytes::Bytes), CallError> {
    let response = request.send().await.map_err(CallError::from_reqwest)?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.map_err(CallError::from_reqwest)?;
    if status.is_success() {
        return Ok((status.as_u16(), bytes));
    }
    let problem: ProblemDetails = serde_json::from_slice(&bytes).unwrap_or_default();
    let message = problem
        .detail
        .or(problem.title)
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(300).collect());
    Err(classify_status("CloseBot", status, &headers, None, message))
}
