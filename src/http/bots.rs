//! `/api/bots`: CloseBot's bots with the routes that use them, and
//! `/api/closebot/sources`: the agency's WebHook sources, and creating one for
//! a route (an explicit action: saving a route never calls CloseBot).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson};
use crate::app_state::AppState;
use crate::providers::closebot::{Bot, Source};
use crate::providers::in_words;

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotView {
    pub id: String,
    pub name: String,
    #[schema(required = true)]
    pub category: Option<String>,
    pub follow_up_active: bool,
    /// The bot's sources on CloseBot (channels it answers on).
    pub sources: Vec<BotSourceView>,
    /// Our routes (Twilio numbers) this bot answers.
    pub routes: Vec<BotRoute>,
    /// Known only from our routes: CloseBot did not list it just now.
    pub only_in_routes: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotSourceView {
    pub id: String,
    #[schema(required = true)]
    pub name: Option<String>,
    #[schema(required = true)]
    pub category: Option<String>,
    pub enabled: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotRoute {
    pub id: String,
    pub twilio_number: String,
    pub closebot_source_id: String,
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BotList {
    pub items: Vec<BotView>,
    /// Why CloseBot could not be asked (the bots our routes name are listed).
    #[schema(required = true)]
    pub error: Option<String>,
}

/// CloseBot's bots, each with our routes that use it.
#[utoipa::path(get,
    operation_id = "listBots", path = "/api/bots", tag = "bots",
    responses((status = 200, body = BotList), (status = 401, body = ErrorBody)))]
pub async fn list(State(app): State<AppState>) -> ApiResult<Json<BotList>> {
    let fetched = match app.credentials.closebot_api_key() {
        None => Err("The CloseBot API key is not configured: add it in Settings".to_owned()),
        Some(key) => app
            .closebot
            .list_bots(&key)
            .await
            .map_err(|e| in_words("CloseBot", &e)),
    };
    let routes = app.store.list_routes();
    let (bots, error) = match fetched {
        Ok(bots) => (bots, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let mut items: Vec<BotView> = bots
        .into_iter()
        .filter_map(|bot| bot_view(bot, &routes))
        .collect();
    // Bots our routes name but CloseBot did not list (or could not be asked).
    for route in &routes {
        let Some(id) = route.closebot_bot_id.as_deref() else {
            continue;
        };
        if items.iter().any(|b| b.id == id) {
            continue;
        }
        items.push(BotView {
            id: id.to_owned(),
            name: route.bot_name.clone().unwrap_or_else(|| id.to_owned()),
            category: None,
            follow_up_active: false,
            sources: Vec::new(),
            routes: routes_of(id, &routes),
            only_in_routes: true,
        });
    }
    Ok(Json(BotList { items, error }))
}

fn bot_view(bot: Bot, routes: &[crate::storage::Route]) -> Option<BotView> {
    let id = bot.id?;
    Some(BotView {
        name: bot.name.unwrap_or_else(|| id.clone()),
        category: bot.category,
        follow_up_active: bot.follow_up_active,
        sources: bot
            .sources
            .unwrap_or_default()
            .into_iter()
            .filter_map(|s| {
                Some(BotSourceView {
                    id: s.id?,
                    name: s.name,
                    category: s.category,
                    enabled: s.enabled,
                })
            })
            .collect(),
        routes: routes_of(&id, routes),
        only_in_routes: false,
        id,
    })
}

fn routes_of(bot_id: &str, routes: &[crate::storage::Route]) -> Vec<BotRoute> {
    routes
        .iter()
        .filter(|r| r.closebot_bot_id.as_deref() == Some(bot_id))
        .map(|r| BotRoute {
            id: r.id.clone(),
            twilio_number: r.twilio_number.clone(),
            closebot_source_id: r.closebot_source_id.clone(),
            active: r.active,
        })
        .collect()
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceView {
    pub source_id: String,
    #[schema(required = true)]
    pub name: Option<String>,
    pub connected: bool,
    /// Its replies come to this app's callback URL.
    pub points_here: bool,
    /// This app created it (re-pointed when the token rotates).
    pub created_here: bool,
    /// The bots answering on it.
    pub bot_ids: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SourceList {
    pub items: Vec<SourceView>,
    #[schema(required = true)]
    pub error: Option<String>,
}

/// The agency's WebHook sources (admins).
#[utoipa::path(get,
    operation_id = "listCloseBotSources", path = "/api/closebot/sources", tag = "bots",
    responses((status = 200, body = SourceList), (status = 403, body = ErrorBody)))]
pub async fn sources(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<SourceList>> {
    let created = app.store.created_sources().await?;
    let Some(key) = app.credentials.closebot_api_key() else {
        return Ok(Json(SourceList {
            items: Vec::new(),
            error: Some("The CloseBot API key is not configured: add it in Settings".into()),
        }));
    };
    match app.closebot.webhook_sources(&key).await {
        Ok(found) => Ok(Json(SourceList {
            items: found
                .into_iter()
                .filter_map(|s| source_view(&app, s, &created))
                .collect(),
            error: None,
        })),
        Err(e) => Ok(Json(SourceList {
            items: Vec::new(),
            error: Some(in_words("CloseBot", &e)),
        })),
    }
}

fn source_view(app: &AppState, source: Source, created: &[String]) -> Option<SourceView> {
    let source_id = source.source_id?;
    let base = app.webhook_url("/api/webhooks/closebot/response");
    Some(SourceView {
        points_here: source
            .webhook_callback
            .as_deref()
            .is_some_and(|url| url.starts_with(&format!("{base}?token="))),
        created_here: created.contains(&source_id),
        name: source.name,
        connected: source.connected,
        bot_ids: source
            .bots
            .unwrap_or_default()
            .into_iter()
            .filter_map(|b| b.id)
            .collect(),
        source_id,
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSource {
    /// Shown in CloseBot, e.g. "SMS +1 555 000 0006".
    pub name: String,
    /// The bot to answer on it (attached at once).
    pub bot_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SourceCreated {
    pub source_id: String,
    pub name: String,
    /// Whether the bot was attached; when not, `attachError` says why.
    pub attached: bool,
    #[schema(required = true)]
    pub attach_error: Option<String>,
}

/// Creates a WebHook source whose replies come to this app, and attaches
/// the bot to it (admins).
#[utoipa::path(post,
    operation_id = "createCloseBotSource", path = "/api/closebot/sources", tag = "bots", request_body = NewSource,
    responses((status = 201, body = SourceCreated), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
pub async fn create_source(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(new): ApiJson<NewSource>,
) -> ApiResult<(StatusCode, Json<SourceCreated>)> {
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation("name must be 1 to 120 characters"));
    }
    let bot_id = new
        .bot_id
        .map(|b| b.trim().to_owned())
        .filter(|b| !b.is_empty());
    let key = app.credentials.closebot_api_key().ok_or_else(|| {
        ApiError::conflict(
            "closebot_not_configured",
            "The CloseBot API key is not configured: add it in Settings first",
        )
    })?;
    let callback = app.response_webhook_url();
    let created = app
        .closebot
        .create_webhook_source(&key, &name, &callback)
        .await
        .map_err(|e| ApiError::provider("closebot_refused", in_words("CloseBot", &e)))?;
    let source_id = created.source_id.ok_or_else(|| {
        ApiError::provider(
            "closebot_refused",
            "CloseBot created the source but gave no id",
        )
    })?;
    let (now, id, label, bot) = (
        app.clock.now_ms(),
        source_id.clone(),
        name.clone(),
        bot_id.clone(),
    );
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.record_created_source(&id, &label, bot.as_deref(), now)
                    .await
            })
        })
        .await?;
    let attach_error = match &bot_id {
        None => Some("No bot was chosen: attach one in CloseBot".to_owned()),
        Some(bot) => app
            .closebot
            .attach_source(&key, bot, &source_id)
            .await
            .err()
            .map(|e| in_words("CloseBot", &e)),
    };
    Ok((
        StatusCode::CREATED,
        Json(SourceCreated {
            source_id,
            name,
            attached: attach_error.is_none(),
            attach_error,
        }),
    ))
}
