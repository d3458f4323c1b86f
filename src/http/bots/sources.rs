//! `/api/closebot/sources`: the agency's WebHook sources, and creating one
//! for a route (an explicit action: saving a route never calls CloseBot).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::{AdminUser, ApiJson};
use crate::providers::closebot::Source;
use crate::providers::in_words;

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
    let Some(key) = app.credentials.closebot() else {
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
    let key = app.credentials.closebot().ok_or_else(|| {
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
