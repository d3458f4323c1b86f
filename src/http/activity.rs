//! Live activity: `GET /api/dashboard/activity` (server-sent events, with
//! `Last-Event-ID` resumption) and `GET /api/events` (recent history).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::Extension;
use axum::Json;
use futures_util::Stream;
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast::error::RecvError;
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiResult, ErrorBody};
use super::extract::ApiQuery;
use super::session::SessionHash;
use crate::app_state::AppState;
use crate::domain::events::{EventData, EVENT_TYPES};
use crate::monitoring::SseClient;
use crate::storage::Event;

/// An event as dashboards get it: the `data` of each server-sent event
/// (whose `event:` is its `type` and `id:` its id), and of `/api/events` items.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct LiveEvent {
    #[serde(flatten)]
    pub event: EventData,
    /// When the server recorded it (RFC 3339).
    pub created_at: String,
    #[schema(required = true)]
    pub route_id: Option<String>,
    /// The bot of the event's route (also when the route was deleted since).
    #[schema(required = true)]
    pub bot_name: Option<String>,
}

/// A stored event, newest first in `/api/events`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventItem {
    /// The SSE event id (`Last-Event-ID`).
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub contact_id: String,
    #[schema(required = true)]
    pub route_id: Option<String>,
    pub data: LiveEvent,
    /// RFC 3339.
    pub created_at: String,
}

/// Most events replayed at once to a reconnecting or lagging listener.
const REPLAY_BATCH: i64 = 1000;

/// How often an open stream checks that its session still exists, so that a
/// logout (or an expired session) also ends the streams it opened.
const SESSION_RECHECK: Duration = Duration::from_secs(5);

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct StreamQuery {
    /// Resume after this event id (as the `Last-Event-ID` header does).
    pub last_event_id: Option<i64>,
}

/// Server-sent events: `id`, `event` (the type) and JSON `data`.
#[utoipa::path(get,
    operation_id = "streamActivity", path = "/api/dashboard/activity", tag = "dashboard", params(StreamQuery),
    responses((status = 200, description = "text/event-stream: each event's `event` is its type, `id` its id and `data` a LiveEvent", content_type = "text/event-stream", body = LiveEvent),
              (status = 401, body = ErrorBody)))]
pub async fn stream(
    State(app): State<AppState>,
    Extension(SessionHash(session)): Extension<SessionHash>,
    headers: HeaderMap,
    ApiQuery(query): ApiQuery<StreamQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    // Subscribe before reading the backlog so nothing falls in between.
    let live = app.store.subscribe_events();
    let resume_from = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(query.last_event_id);
    let (last_sent, backlog) = match resume_from {
        Some(id) => (id, true),
        None => (app.store.last_event_id().await?, false),
    };
    let mut session_check = tokio::time::interval(SESSION_RECHECK);
    session_check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    session_check.reset();
    let listener = Listener {
        _counted: app.store.metrics().sse_client(),
        app,
        live,
        pending: VecDeque::new(),
        last_sent,
        backlog,
        session,
        session_check,
    };
    let events = futures_util::stream::unfold(listener, |mut listener| async move {
        let event = listener.next().await?;
        Some((Ok(to_sse(&listener.app, &event)), listener))
    });
    Ok(Sse::new(events).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(15))
            .text("heartbeat"),
    ))
}

struct Listener {
    app: AppState,
    live: tokio::sync::broadcast::Receiver<Arc<Event>>,
    pending: VecDeque<Arc<Event>>,
    last_sent: i64,
    /// Stored events after `last_sent` may not have been replayed yet (a
    /// resumption, or a lag): read them in batches before going live again.
    backlog: bool,
    /// The hash of the session token the stream was opened with.
    session: String,
    session_check: tokio::time::Interval,
    /// Counts this stream in `closebot_sse_clients` until it is dropped.
    _counted: SseClient,
}

impl Listener {
    /// The next event after `last_sent`, from the backlog or live.
    async fn next(&mut self) -> Option<Arc<Event>> {
        loop {
            if let Some(event) = self.pending.pop_front() {
                if event.id > self.last_sent {
                    self.last_sent = event.id;
                    return Some(event);
                }
                continue;
            }
            if self.backlog {
                match self
                    .app
                    .store
                    .events_after(self.last_sent, REPLAY_BATCH)
                    .await
                {
                    Ok(missed) => {
                        // A short batch is the end of the backlog; live
                        // events buffered meanwhile are skipped by id.
                        self.backlog = missed.len() as i64 == REPLAY_BATCH;
                        self.pending.extend(missed.into_iter().map(Arc::new));
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "could not replay events to a listener");
                        return None;
                    }
                }
                continue;
            }
            let received = tokio::select! {
                received = self.live.recv() => received,
                _ = self.session_check.tick() => {
                    if !self.session_alive().await {
                        return None;
                    }
                    continue;
                }
            };
            match received {
                Ok(event) => self.pending.push_back(event),
                Err(RecvError::Lagged(_)) => self.backlog = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }

    /// False once the session is gone; a storage hiccup does not end the stream.
    async fn session_alive(&self) -> bool {
        let now = self.app.clock.now_ms();
        match self.app.store.session_user(&self.session, now).await {
            Ok(user) => user.is_some(),
            Err(e) => {
                tracing::warn!(error = %e, "could not re-check a live stream's session");
                true
            }
        }
    }
}

fn to_sse(app: &AppState, event: &Event) -> SseEvent {
    let data = serde_json::to_string(&presented(app, event)).expect("events always serialise");
    SseEvent::default()
        .id(event.id.to_string())
        .event(event.kind())
        .data(data)
}

/// An event as listeners get it: with its time, its route and the route's
/// bot name (for the activity table), whatever the event type.
fn presented(app: &AppState, event: &Event) -> LiveEvent {
    let bot_name = event.bot_name.clone().or_else(|| {
        let route = app.store.route_even_deleted(event.route_id.as_deref()?)?;
        route.bot_name
    });
    LiveEvent {
        event: event.data.clone(),
        created_at: crate::clock::to_rfc3339(event.created_at),
        route_id: event.route_id.clone(),
        bot_name,
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct HistoryQuery {
    /// At most 200; default 50.
    pub limit: Option<i64>,
    /// Events older than this id.
    pub before: Option<i64>,
    /// Comma-separated event types, e.g. `message_in,message_out`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kinds: Option<String>,
}

/// Recent activity events, newest first.
#[utoipa::path(get,
    operation_id = "listEvents", path = "/api/events", tag = "dashboard", params(HistoryQuery),
    responses((status = 200, body = Vec<EventItem>), (status = 422, body = ErrorBody)))]
pub async fn history(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> ApiResult<Json<Vec<EventItem>>> {
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(super::error::ApiError::validation(
            "limit must be between 1 and 200",
        ));
    }
    let kinds: Vec<String> = query
        .kinds
        .map(|k| {
            k.split(',')
                .map(|t| t.trim().to_owned())
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(unknown) = kinds.iter().find(|k| !EVENT_TYPES.contains(&k.as_str())) {
        return Err(super::error::ApiError::validation(format!(
            "`{unknown}` is not an event type; the types are {}",
            EVENT_TYPES.join(", ")
        )));
    }
    let events = app.store.recent_events(limit, query.before, &kinds).await?;
    let items = events
        .iter()
        .map(|event| EventItem {
            id: event.id,
            kind: event.kind(),
            contact_id: event.data.subject().contact_id.clone(),
            route_id: event.route_id.clone(),
            data: presented(&app, event),
            created_at: crate::clock::to_rfc3339(event.created_at),
        })
        .collect();
    Ok(Json(items))
}
