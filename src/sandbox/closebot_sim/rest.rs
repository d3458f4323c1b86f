//! The simulated CloseBot's API, in the shapes of CloseBot's OpenAPI
//! description (`BotDto`, `SourceDto`, `LeadDto`, …), each call checking
//! `X-CB-KEY`; refusals are ProblemDetails, as CloseBot's.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::replies::{self, Event};
use super::{leads, metrics};
use super::{new_id, now_ms, rfc3339, Bot, Source, State as Sim, World};

pub(super) type Shared = State<Arc<World>>;

pub fn router(world: Arc<World>) -> Router {
    Router::new()
        .route("/webhook/event/{source}", post(event))
        .route("/bot", get(bots))
        .route("/bot/ai", post(create_bot))
        .route("/bot/{id}", get(bot))
        .route("/bot/{id}/source/{source}", post(attach))
        .route("/agency/source", get(sources).post(create_source))
        .route("/agency/source/{id}", put(update_source))
        .route("/lead/search", post(leads::search))
        .route("/lead/{id}", get(leads::lead))
        .route(
            "/lead/{id}/ai-toggle",
            get(leads::ai_toggle).put(leads::set_ai_toggle),
        )
        .route("/botMetric/agencySummary", get(metrics::agency_summary))
        .route("/botMetric/bookingGraph", get(metrics::booking_graph))
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "Not Found", "No such endpoint") })
        .with_state(world)
}

pub(super) fn problem(status: StatusCode, title: &str, detail: impl Into<String>) -> Response {
    let body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail.into() });
    (
        status,
        [("content-type", "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

pub(super) fn not_found(what: &str) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Not Found",
        format!("{what} was not found"),
    )
}

/// A request that carried the agency's `X-CB-KEY`: the check every handler relies on.
pub(super) struct Keyed;

impl FromRequestParts<Arc<World>> for Keyed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, world: &Arc<World>) -> Result<Self, Response> {
        let given = parts
            .headers
            .get("x-cb-key")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        if subtle::ConstantTimeEq::ct_eq(given.as_bytes(), world.api_key.as_bytes()).into() {
            return Ok(Keyed);
        }
        Err(problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "The X-CB-KEY header is missing or wrong",
        ))
    }
}

async fn event(
    State(world): Shared,
    _key: Keyed,
    Path(source): Path<String>,
    body: bytes::Bytes,
) -> Response {
    if !world.lock().sources.iter().any(|s| s.id == source) {
        return not_found("The source");
    }
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            "The body is not JSON",
        );
    };
    let text = |key: &str| body[key].as_str().map(str::to_owned);
    let (Some(contact_id), Some(message)) = (text("contactId"), text("message")) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Bad Request",
            "contactId and message are required",
        );
    };
    let event = Event {
        source_id: source,
        contact_id,
        message,
        state: body["state"].clone(),
    };
    tokio::spawn(replies::answer(world.clone(), event));
    StatusCode::OK.into_response()
}

fn bot_dto(state: &Sim, bot: &Bot) -> Value {
    let sources: Vec<Value> = state
        .sources
        .iter()
        .filter_map(|s| {
            let (_, enabled) = s.bots.iter().find(|(id, _)| *id == bot.id)?;
            Some(json!({ "id": s.id, "category": "WebHook", "name": s.name, "key": s.id, "enabled": enabled,
                         "channelList": ["SMS"], "tags": [] }))
        })
        .collect();
    json!({
        "id": bot.id, "name": bot.name, "category": "WebHook", "folderId": null,
        "versions": [{ "version": 1, "name": "Sandbox script", "published": true, "modifiedAt": rfc3339(bot.modified_ms) }],
        "sources": sources, "personaIds": [], "followUpActive": false, "followUpSequences": [],
        "smartFollowUp": false, "tools": [], "modifiedAt": rfc3339(bot.modified_ms),
    })
}

fn source_dto(state: &Sim, source: &Source) -> Value {
    let bots: Vec<Value> = source
        .bots
        .iter()
        .map(|(id, enabled)| {
            let name = state
                .bots
                .iter()
                .find(|b| b.id == *id)
                .map(|b| b.name.clone());
            json!({ "id": id, "botName": name, "channels": ["SMS"], "enabled": enabled })
        })
        .collect();
    json!({
        "sourceId": source.id, "name": source.name, "category": "WebHook", "connected": true, "bots": bots,
        "webhookCallback": source.callback, "respondWindows": [], "doNotRespondWindows": [], "botRespondWindows": [],
        "isBotRespondWindowsQuietHours": false, "isAvailabilityContactTimezone": false,
    })
}

async fn bots(State(world): Shared, _key: Keyed) -> Response {
    let state = world.lock();
    Json(
        state
            .bots
            .iter()
            .map(|b| bot_dto(&state, b))
            .collect::<Vec<_>>(),
    )
    .into_response()
}

async fn bot(State(world): Shared, _key: Keyed, Path(id): Path<String>) -> Response {
    let state = world.lock();
    match state.bots.iter().find(|b| b.id == id) {
        Some(bot) => Json(bot_dto(&state, bot)).into_response(),
        None => not_found("The bot"),
    }
}

#[derive(Deserialize)]
struct NewBot {
    name: Option<String>,
}

/// `POST /bot/ai`: the new bot runs the same demo script.
async fn create_bot(State(world): Shared, _key: Keyed, Json(body): Json<NewBot>) -> Response {
    let Some(name) = body.name.filter(|n| !n.trim().is_empty()) else {
        return problem(StatusCode::BAD_REQUEST, "Bad Request", "name is required");
    };
    let mut state = world.lock();
    let bot = Bot {
        id: new_id("bot"),
        name: name.trim().to_owned(),
        modified_ms: now_ms(),
    };
    state.bots.push(bot.clone());
    Json(bot_dto(&state, &bot)).into_response()
}

async fn attach(
    State(world): Shared,
    _key: Keyed,
    Path((id, source)): Path<(String, String)>,
) -> Response {
    let mut state = world.lock();
    if !state.bots.iter().any(|b| b.id == id) {
        return not_found("The bot");
    }
    let Some(source) = state.sources.iter_mut().find(|s| s.id == source) else {
        return not_found("The source");
    };
    source.bots.retain(|(bot, _)| *bot != id);
    source.bots.push((id, true));
    StatusCode::OK.into_response()
}

async fn sources(State(world): Shared, _key: Keyed) -> Response {
    let state = world.lock();
    let results: Vec<Value> = state
        .sources
        .iter()
        .map(|s| source_dto(&state, s))
        .collect();
    Json(json!({ "total": results.len(), "results": results, "page": 1, "pageSize": 500 }))
        .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SourceBody {
    name: Option<String>,
    webhook_callback: Option<String>,
}

async fn create_source(
    State(world): Shared,
    _key: Keyed,
    Json(body): Json<SourceBody>,
) -> Response {
    let Some(name) = body.name.filter(|n| !n.trim().is_empty()) else {
        return (StatusCode::BAD_REQUEST, Json("name is required")).into_response();
    };
    let mut state = world.lock();
    let source = Source {
        id: new_id("src"),
        name: name.trim().to_owned(),
        callback: body.webhook_callback,
        bots: Vec::new(),
    };
    state.sources.push(source.clone());
    Json(source_dto(&state, &source)).into_response()
}

async fn update_source(
    State(world): Shared,
    _key: Keyed,
    Path(id): Path<String>,
    Json(body): Json<SourceBody>,
) -> Response {
    let mut state = world.lock();
    let Some(source) = state.sources.iter_mut().find(|s| s.id == id) else {
        return not_found("The source");
    };
    if let Some(name) = body.name {
        source.name = name;
    }
    if let Some(callback) = body.webhook_callback {
        source.callback = Some(callback);
    }
    let source = source.clone();
    Json(source_dto(&state, &source)).into_response()
}
