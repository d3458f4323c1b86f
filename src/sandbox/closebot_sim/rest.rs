//! The simulated CloseBot's API, in the shapes of CloseBot's OpenAPI
//! description (`BotDto`, `SourceDto`, `LeadDto`, …), each call checking
//! `X-CB-KEY`; refusals are ProblemDetails, as CloseBot's.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::replies::{self, Event};
use super::{new_id, now_ms, rfc3339, Bot, Lead, Source, State as Sim, World};

type Shared = State<Arc<World>>;

pub fn router(world: Arc<World>) -> Router {
    Router::new()
        .route("/webhook/event/{source}", post(event))
        .route("/bot", get(bots))
        .route("/bot/ai", post(create_bot))
        .route("/bot/{id}", get(bot))
        .route("/bot/{id}/source/{source}", post(attach))
        .route("/agency/source", get(sources).post(create_source))
        .route("/agency/source/{id}", put(update_source))
        .route("/lead/search", post(search_leads))
        .route("/lead/{id}", get(lead))
        .route("/lead/{id}/ai-toggle", get(ai_toggle).put(set_ai_toggle))
        .route("/botMetric/agencySummary", get(agency_summary))
        .route("/botMetric/bookingGraph", get(booking_graph))
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "Not Found", "No such endpoint") })
        .with_state(world)
}

fn problem(status: StatusCode, title: &str, detail: impl Into<String>) -> Response {
    let body = json!({ "type": "about:blank", "title": title, "status": status.as_u16(), "detail": detail.into() });
    (
        status,
        [("content-type", "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

fn not_found(what: &str) -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Not Found",
        format!("{what} was not found"),
    )
}

/// `X-CB-KEY` must be the agency's key.
fn check_key(world: &World, headers: &HeaderMap) -> Result<(), Response> {
    let given = headers
        .get("x-cb-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if subtle::ConstantTimeEq::ct_eq(given.as_bytes(), world.api_key.as_bytes()).into() {
        Ok(())
    } else {
        Err(problem(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "The X-CB-KEY header is missing or wrong",
        ))
    }
}

macro_rules! keyed {
    ($world:expr, $headers:expr) => {
        if let Err(refused) = check_key(&$world, &$headers) {
            return refused;
        }
    };
}

async fn event(
    State(world): Shared,
    headers: HeaderMap,
    Path(source): Path<String>,
    body: bytes::Bytes,
) -> Response {
    keyed!(world, headers);
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

async fn bots(State(world): Shared, headers: HeaderMap) -> Response {
    keyed!(world, headers);
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

async fn bot(State(world): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    keyed!(world, headers);
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
async fn create_bot(
    State(world): Shared,
    headers: HeaderMap,
    Json(body): Json<NewBot>,
) -> Response {
    keyed!(world, headers);
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
    headers: HeaderMap,
    Path((id, source)): Path<(String, String)>,
) -> Response {
    keyed!(world, headers);
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

async fn sources(State(world): Shared, headers: HeaderMap) -> Response {
    keyed!(world, headers);
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
    headers: HeaderMap,
    Json(body): Json<SourceBody>,
) -> Response {
    keyed!(world, headers);
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
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<SourceBody>,
) -> Response {
    keyed!(world, headers);
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

fn lead_dto(state: &Sim, lead: &Lead) -> Value {
    let source = state.sources.iter().find(|s| s.id == lead.source_id);
    let c = &lead.conversation;
    let mut fields = Vec::new();
    if let Some(owner) = c.homeowner {
        fields.push(json!({ "field": "homeowner", "name": "Homeowner", "value": if owner { "Yes" } else { "No (renting)" }, "aiProduced": true }));
    }
    if let Some(bill) = c.monthly_bill {
        fields.push(json!({ "field": "monthly_bill", "name": "Monthly electric bill", "value": format!("${bill}"), "aiProduced": true }));
    }
    if let Some(slot) = c.booked_slot {
        fields.push(json!({ "field": "appointment", "name": "Consultation", "value": slot, "aiProduced": true }));
    }
    json!({
        "id": lead.id, "name": null, "contactId": lead.contact_id,
        "lastMessageTime": lead.last_message_ms.map(rfc3339), "lastMessage": lead.last_message,
        "lastMessageDirection": "outbound", "starred": false, "unread": false,
        "source": source.map(|s| json!({ "id": s.id, "name": s.name })),
        "tags": lead.tags, "fields": fields, "instances": [],
    })
}

#[derive(Deserialize)]
struct Search {
    search: Option<String>,
}

async fn search_leads(
    State(world): Shared,
    headers: HeaderMap,
    Json(body): Json<Search>,
) -> Response {
    keyed!(world, headers);
    let state = world.lock();
    let wanted = body.search.unwrap_or_default();
    let leads: Vec<Value> = state
        .leads
        .iter()
        .filter(|l| wanted.is_empty() || l.contact_id.contains(wanted.trim()))
        .map(|l| lead_dto(&state, l))
        .collect();
    Json(json!({ "total": leads.len(), "leads": leads })).into_response()
}

async fn lead(State(world): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    keyed!(world, headers);
    let state = world.lock();
    match state.leads.iter().find(|l| l.id == id) {
        Some(lead) => Json(lead_dto(&state, lead)).into_response(),
        None => not_found("The lead"),
    }
}

fn toggle_dto(lead: &Lead) -> Value {
    json!({ "enabled": lead.ai_enabled, "applicable": true, "reason": null })
}

async fn ai_toggle(State(world): Shared, headers: HeaderMap, Path(id): Path<String>) -> Response {
    keyed!(world, headers);
    match world.lock().leads.iter().find(|l| l.id == id) {
        Some(lead) => Json(toggle_dto(lead)).into_response(),
        None => not_found("The lead"),
    }
}

#[derive(Deserialize)]
struct Toggle {
    enabled: bool,
}

async fn set_ai_toggle(
    State(world): Shared,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Toggle>,
) -> Response {
    keyed!(world, headers);
    let mut state = world.lock();
    match state.leads.iter_mut().find(|l| l.id == id) {
        Some(lead) => {
            lead.ai_enabled = body.enabled;
            Json(toggle_dto(lead)).into_response()
        }
        None => not_found("The lead"),
    }
}

/// This calendar month's and last month's figures (UTC months).
async fn agency_summary(State(world): Shared, headers: HeaderMap) -> Response {
    keyed!(world, headers);
    let state = world.lock();
    let (this_month, last_month) = month_starts(now_ms());
    let count = |times: &mut dyn Iterator<Item = i64>, from: i64, to: i64| {
        times.filter(|t| (from..to).contains(t)).count()
    };
    let far = i64::MAX;
    Json(json!({
        "currentMonthMessageCount": count(&mut state.bot_messages.iter().copied(), this_month, far),
        "lastMonthMessageCount": count(&mut state.bot_messages.iter().copied(), last_month, this_month),
        "currentMonthSuccessfulBookings": count(&mut state.bookings.iter().map(|b| b.0), this_month, far),
        "lastMonthSuccessfulBookings": count(&mut state.bookings.iter().map(|b| b.0), last_month, this_month),
        "currentMonthContacts": state.leads.len(),
        "lastMonthContacts": 0,
        "currentMonthRespondedContacts": state.leads.iter().filter(|l| l.last_message.is_some()).count(),
        "currentMonthActiveSources": state.sources.len(),
        "lastMonthActiveSources": 0,
        "currentUsers": 1, "totalStorage": 0,
        "currentMonthFollowUpsFromNoResponse": 0, "currentMonthFollowUpsFromResponded": 0,
    }))
    .into_response()
}

fn month_starts(now: i64) -> (i64, i64) {
    use chrono::{Datelike, TimeZone, Utc};
    let today = chrono::DateTime::from_timestamp_millis(now).unwrap_or_default();
    let this = Utc
        .with_ymd_and_hms(today.year(), today.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let last = if today.month() == 1 {
        Utc.with_ymd_and_hms(today.year() - 1, 12, 1, 0, 0, 0)
    } else {
        Utc.with_ymd_and_hms(today.year(), today.month() - 1, 1, 0, 0, 0)
    };
    (
        this.timestamp_millis(),
        last.single().unwrap_or_default().timestamp_millis(),
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphQuery {
    start: Option<String>,
    end: Option<String>,
    source_id: Option<String>,
}

/// The bookings in the range, one point per booking (with its time).
async fn booking_graph(
    State(world): Shared,
    headers: HeaderMap,
    Query(query): Query<GraphQuery>,
) -> Response {
    keyed!(world, headers);
    let time = |raw: &Option<String>, default: i64| {
        raw.as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .map_or(default, |t| t.timestamp_millis())
    };
    let (start, end) = (time(&query.start, 0), time(&query.end, i64::MAX));
    let state = world.lock();
    let points: Vec<Value> = state
        .bookings
        .iter()
        .filter(|(at, source)| {
            (start..end).contains(at) && query.source_id.as_ref().is_none_or(|s| s == source)
        })
        .map(|(at, _)| json!({ "date": rfc3339(*at), "count": 1 }))
        .collect();
    Json(points).into_response()
}
