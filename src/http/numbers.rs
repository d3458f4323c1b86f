//! `/api/twilio/numbers`: the Twilio account's phone numbers (cached, so the
//! pages work while Twilio is away), each with the route it has here and
//! whether its "A message comes in" webhook points at this app; and
//! **Connect**, which points it here (admins only).

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiQuery};
use crate::app_state::AppState;
use crate::providers::in_words;
use crate::providers::twilio::IncomingNumber;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberView {
    pub sid: String,
    /// E.164.
    pub phone_number: String,
    #[schema(required = true)]
    pub friendly_name: Option<String>,
    /// Where Twilio posts this number's incoming texts now.
    #[schema(required = true)]
    pub sms_url: Option<String>,
    /// `sms_url` is this app's inbound webhook.
    pub points_here: bool,
    /// The route this number has here, if any.
    #[schema(required = true)]
    pub route: Option<NumberRoute>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberRoute {
    pub id: String,
    #[schema(required = true)]
    pub bot_name: Option<String>,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NumberList {
    pub items: Vec<NumberView>,
    /// When the list was read from Twilio (RFC 3339); `null`: never.
    #[schema(required = true)]
    pub fetched_at: Option<String>,
    /// Why the list could not be refreshed just now (the cached one is shown).
    #[schema(required = true)]
    pub error: Option<String>,
    /// The URL a number's "A message comes in" must have.
    pub inbound_url: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NumbersQuery {
    /// Read the list from Twilio again instead of the cached one.
    pub refresh: Option<bool>,
}

/// The list as last read from Twilio (kept in settings, so pages still show
/// the numbers while Twilio is away).
#[derive(Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Cached {
    fetched_at: Option<i64>,
    numbers: Vec<CachedNumber>,
}

#[derive(Serialize, Deserialize, Clone)]
#[serde(rename_all = "camelCase")]
struct CachedNumber {
    sid: String,
    phone_number: String,
    friendly_name: Option<String>,
    sms_url: Option<String>,
}

impl From<IncomingNumber> for CachedNumber {
    fn from(n: IncomingNumber) -> Self {
        Self {
            sid: n.sid,
            phone_number: n.phone_number,
            friendly_name: n.friendly_name,
            sms_url: n.sms_url,
        }
    }
}

const CACHE_KEY: &str = crate::preferences::TWILIO_NUMBERS_CACHE;

/// The Twilio account's numbers, cached; `?refresh=true` reads them again.
#[utoipa::path(get,
    operation_id = "listTwilioNumbers", path = "/api/twilio/numbers", tag = "settings", params(NumbersQuery),
    responses((status = 200, body = NumberList), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiQuery(query): ApiQuery<NumbersQuery>,
) -> ApiResult<Json<NumberList>> {
    let mut cached: Cached = match app.store.setting(CACHE_KEY).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => Cached::default(),
    };
    let mut error = None;
    if query.refresh.unwrap_or(false) || cached.fetched_at.is_none() {
        match fetch(&app).await {
            Ok(fresh) => cached = fresh,
            Err(e) => error = Some(e),
        }
    }
    Ok(Json(view(&app, cached, error)))
}

async fn fetch(app: &AppState) -> Result<Cached, String> {
    let auth = app
        .credentials
        .twilio()
        .ok_or("Twilio credentials are not configured: add them above")?;
    let numbers = app
        .twilio
        .incoming_numbers(&auth)
        .await
        .map_err(|e| in_words("Twilio", &e))?;
    let cached = Cached {
        fetched_at: Some(app.clock.now_ms()),
        numbers: numbers.into_iter().map(CachedNumber::from).collect(),
    };
    save(app, &cached).await.map_err(|e| e.message)?;
    Ok(cached)
}

async fn save(app: &AppState, cached: &Cached) -> ApiResult<()> {
    let json = serde_json::to_string(cached).expect("the number cache serialises");
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move { tx.put_setting(CACHE_KEY, &json, false, now).await })
        })
        .await?;
    Ok(())
}

fn view(app: &AppState, cached: Cached, error: Option<String>) -> NumberList {
    let inbound_url = app.webhook_url("/api/webhooks/twilio/inbound");
    let routes = app.store.list_routes();
    let items = cached
        .numbers
        .into_iter()
        .map(|n| NumberView {
            points_here: n.sms_url.as_deref() == Some(inbound_url.as_str()),
            route: routes
                .iter()
                .find(|r| r.twilio_number == n.phone_number)
                .map(|r| NumberRoute {
                    id: r.id.clone(),
                    bot_name: r.bot_name.clone(),
                    active: r.active,
                }),
            sid: n.sid,
            phone_number: n.phone_number,
            friendly_name: n.friendly_name,
            sms_url: n.sms_url,
        })
        .collect();
    NumberList {
        items,
        fetched_at: cached.fetched_at.map(crate::clock::to_rfc3339),
        error,
        inbound_url,
    }
}

/// Points the number's "A message comes in" webhook at this app (POST).
#[utoipa::path(post,
    operation_id = "connectTwilioNumber", path = "/api/twilio/numbers/{sid}/connect", tag = "settings",
    params(("sid" = String, Path, description = "The number's PN… SID")),
    responses((status = 200, body = NumberView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 502, body = ErrorBody)))]
pub async fn connect(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(sid): Path<String>,
) -> ApiResult<Json<NumberView>> {
    let valid_sid =
        sid.len() == 34 && sid.starts_with("PN") && sid[2..].chars().all(|c| c.is_ascii_hexdigit());
    if !valid_sid {
        return Err(ApiError::not_found("The phone number"));
    }
    let auth = app.credentials.twilio().ok_or_else(|| {
        ApiError::conflict(
            "twilio_not_configured",
            "Twilio credentials are not configured: add them first",
        )
    })?;
    let inbound_url = app.webhook_url("/api/webhooks/twilio/inbound");
    let updated = app
        .twilio
        .set_sms_url(&auth, &sid, &inbound_url)
        .await
        .map_err(|e| ApiError::provider("twilio_refused", in_words("Twilio", &e)))?;
    // Keep the cached list in step with what Twilio now says.
    let mut cached: Cached = match app.store.setting(CACHE_KEY).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_default(),
        None => Cached::default(),
    };
    let number = CachedNumber::from(updated);
    match cached.numbers.iter_mut().find(|n| n.sid == number.sid) {
        Some(existing) => *existing = number.clone(),
        None => cached.numbers.push(number.clone()),
    }
    save(&app, &cached).await?;
    let view = view(
        &app,
        Cached {
            fetched_at: cached.fetched_at,
            numbers: vec![number],
        },
        None,
    );
    Ok(Json(
        view.items
            .into_iter()
            .next()
            .expect("one number in, one out"),
    ))
}
