//! Changing bots from the Bots page: switching all of a bot's routes on or
//! off, and creating a bot with CloseBot's AI.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::{AdminUser, ApiJson};
use crate::providers::in_words;
use crate::storage::Provider;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BotActive {
    pub active: bool,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct BotRoutesSwitched {
    /// The routes of the bot now switched on or off.
    pub routes: usize,
}

/// Switches every route of the bot on or off (admins).
#[utoipa::path(put,
    operation_id = "setBotActive", path = "/api/bots/{id}/active", tag = "bots", params(("id" = String, Path)),
    request_body = BotActive,
    responses((status = 200, body = BotRoutesSwitched), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn set_active(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<BotActive>,
) -> ApiResult<Json<BotRoutesSwitched>> {
    let routes: Vec<_> = app
        .store
        .list_routes()
        .into_iter()
        .filter(|r| r.closebot_bot_id.as_deref() == Some(id.as_str()))
        .collect();
    if routes.is_empty() {
        return Err(ApiError::not_found("A route to this bot"));
    }
    let now = app.clock.now_ms();
    let count = routes.len();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                for route in routes {
                    let mut input = route.input();
                    input.active = change.active;
                    tx.update_route(&route.id, &input, now).await?;
                    tx.wake_route_jobs(&route.id, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    app.wake(Provider::Closebot);
    Ok(Json(BotRoutesSwitched { routes: count }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBot {
    pub name: String,
    /// What the bot is for, in words: CloseBot's AI builds it from this.
    pub description: String,
}

#[derive(Serialize, ToSchema)]
pub struct BotCreated {
    pub id: String,
    pub name: String,
}

/// Creates a bot with CloseBot's AI from a name and a description (admins).
#[utoipa::path(post,
    operation_id = "createBot", path = "/api/bots", tag = "bots", request_body = NewBot,
    responses((status = 201, body = BotCreated), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody), (status = 502, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(new): ApiJson<NewBot>,
) -> ApiResult<(StatusCode, Json<BotCreated>)> {
    let (name, description) = (
        new.name.trim().to_owned(),
        new.description.trim().to_owned(),
    );
    if name.is_empty() || name.chars().count() > 120 {
        return Err(ApiError::validation("name must be 1 to 120 characters"));
    }
    if description.chars().count() < 10 || description.chars().count() > 4000 {
        return Err(ApiError::validation(
            "description must be 10 to 4,000 characters: say what the bot sells and how it should talk",
        ));
    }
    let key = app.credentials.closebot().ok_or_else(|| {
        ApiError::conflict(
            "closebot_not_configured",
            "The CloseBot API key is not configured: add it in Settings first",
        )
    })?;
    let bot = app
        .closebot
        .create_bot_with_ai(&key, &name, &description)
        .await
        .map_err(|e| ApiError::provider("closebot_refused", in_words("CloseBot", &e)))?;
    let id = bot.id.ok_or_else(|| {
        ApiError::provider(
            "closebot_refused",
            "CloseBot created the bot but gave no id",
        )
    })?;
    Ok((
        StatusCode::CREATED,
        Json(BotCreated {
            name: bot.name.unwrap_or(name),
            id,
        }),
    ))
}
