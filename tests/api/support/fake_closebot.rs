//! A fake CloseBot API on loopback: checks requests against CloseBot's
//! OpenAPI description and the event body CONTRACT §4 pins, records them,
//! fails on demand, and can answer each event like a bot, by calling the
//! app's callback URL with the state it was given.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::fake_server::{self, Port, Received};
use super::openapi;

pub const API_KEY: &str = "cb_test_key";

#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Accept,
    Status(u16),
    /// Never answer (the app's timeout must end the call).
    Hang,
    /// Take the text, then never answer: CloseBot has it, the app cannot know.
    AcceptThenHang,
}

#[derive(Debug, Clone)]
pub struct ReceivedEvent {
    pub source_id: String,
    pub contact_id: String,
    pub message: String,
    pub state: Value,
    /// When it arrived (what `GET /botMetric/messages` calls its timestamp).
    pub received_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Default)]
struct State {
    events: Vec<ReceivedEvent>,
    event_attempts: usize,
    toggles: Vec<(String, bool)>,
    lead_searches: Vec<String>,
    leads: HashMap<String, String>,
    violations: Vec<String>,
    script: VecDeque<Reply>,
    default_reply: Option<Reply>,
    auto_reply_url: Option<String>,
    bookings: Option<i64>,
    /// Sources created (name, webhookCallback), attaches (bot, source) and
    /// callback updates (source, webhookCallback), in order.
    created_sources: Vec<(String, String)>,
    /// Bots made with `POST /bot/ai`: (name, description).
    created_bots: Vec<(String, String)>,
    /// The sourceId of each agency summary asked for (None: the agency).
    summary_sources: Vec<Option<String>>,
    /// Per lead id: the fields `GET /lead/{id}` answers with.
    lead_fields: HashMap<String, Value>,
    attaches: Vec<(String, String)>,
    callback_updates: Vec<(String, String)>,
    /// What `GET /botMetric/bookingGraph` answers (none: 404), and the
    /// query of each request for it.
    booking_graph: Option<Value>,
    graph_requests: Vec<Vec<(String, String)>>,
}

#[derive(Clone)]
pub struct FakeCloseBot {
    pub base_url: String,
    state: Arc<Mutex<State>>,
    http: reqwest::Client,
}

impl FakeCloseBot {
    pub async fn start() -> Self {
        let state: Arc<Mutex<State>> = Default::default();
        let http = reqwest::Client::new();
        let (handler_state, handler_http) = (state.clone(), http.clone());
        let addr = fake_server::serve(0, move |r| {
            handle(handler_state.clone(), handler_http.clone(), r)
        })
        .await;
        Self {
            base_url: format!("http://{addr}"),
            state,
            http,
        }
    }

    pub fn reserve() -> (Self, Port) {
        let port = Port::reserve();
        let fake = Self {
            base_url: format!("http://127.0.0.1:{}", port.0),
            state: Default::default(),
            http: reqwest::Client::new(),
        };
        (fake, port)
    }

    pub async fn start_reserved(&self, port: Port) {
        let (state, http) = (self.state.clone(), self.http.clone());
        fake_server::serve(port.0, move |r| handle(state.clone(), http.clone(), r)).await;
    }

    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.lock().unwrap().script.extend(replies);
    }

    pub fn set_default(&self, reply: Reply) {
        self.state.lock().unwrap().default_reply = Some(reply);
    }

    /// From now on, answer every event by calling `callback_url` like a bot.
    pub fn auto_reply_to(&self, callback_url: &str) {
        self.state.lock().unwrap().auto_reply_url = Some(callback_url.to_owned());
    }

    pub fn stop_auto_reply(&self) {
        self.state.lock().unwrap().auto_reply_url = None;
    }

    pub fn add_lead(&self, phone: &str, lead_id: &str) {
        self.state
            .lock()
            .unwrap()
            .leads
            .insert(phone.to_owned(), lead_id.to_owned());
    }

    /// A lead for `phone` whose `GET /lead/{id}` carries `fields` and the tag "hot".
    pub fn add_lead_with_fields(&self, phone: &str, lead_id: &str, fields: Value) {
        let mut s = self.state.lock().unwrap();
        s.leads.insert(phone.to_owned(), lead_id.to_owned());
        s.lead_fields.insert(lead_id.to_owned(), fields);
    }

    pub fn set_bookings(&self, bookings: i64) {
        self.state.lock().unwrap().bookings = Some(bookings);
    }

    pub fn set_booking_graph(&self, answer: Value) {
        self.state.lock().unwrap().booking_graph = Some(answer);
    }

    pub fn graph_requests(&self) -> Vec<Vec<(String, String)>> {
        self.state.lock().unwrap().graph_requests.clone()
    }

    pub fn events(&self) -> Vec<ReceivedEvent> {
        self.state.lock().unwrap().events.clone()
    }

    pub fn event_attempts(&self) -> usize {
        self.state.lock().unwrap().event_attempts
    }

    pub fn toggles(&self) -> Vec<(String, bool)> {
        self.state.lock().unwrap().toggles.clone()
    }

    pub fn created_bots(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().created_bots.clone()
    }

    pub fn summary_sources(&self) -> Vec<Option<String>> {
        self.state.lock().unwrap().summary_sources.clone()
    }

    pub fn created_sources(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().created_sources.clone()
    }

    pub fn attaches(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().attaches.clone()
    }

    pub fn callback_updates(&self) -> Vec<(String, String)> {
        self.state.lock().unwrap().callback_updates.clone()
    }

    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }
}

fn problem(status: u16, detail: &str) -> Response {
    let body = json!({ "type": null, "title": "Error", "status": status, "detail": detail });
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

async fn handle(state: Arc<Mutex<State>>, http: reqwest::Client, request: Received) -> Response {
    let path = request.uri.path().to_owned();
    if let Err(violation) = openapi::closebot().check(
        request.method.as_str(),
        &path,
        &request.query_pairs(),
        request.content_type(),
        &request.body,
    ) {
        state.lock().unwrap().violations.push(violation.clone());
        return problem(400, &violation);
    }
    if request
        .headers
        .get("x-cb-key")
        .and_then(|v| v.to_str().ok())
        != Some(API_KEY)
    {
        return problem(401, "Unauthorized");
    }
    let body: Value = serde_json::from_slice(&request.body).unwrap_or(Value::Null);
    let segments: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match (&request.method, segments.as_slice()) {
        (&Method::POST, ["webhook", "event", source_id]) => event(state, http, source_id, body).await,
        (&Method::POST, ["lead", "search"]) => {
            let search = body["search"].as_str().unwrap_or_default().to_owned();
            let mut s = state.lock().unwrap();
            s.lead_searches.push(search.clone());
            let leads: Vec<Value> = s
                .leads
                .get(&search)
                .map(|id| vec![json!({ "id": id, "name": null, "contactId": search, "tags": [], "fields": [] })])
                .unwrap_or_default();
            axum::Json(json!({ "total": leads.len(), "leads": leads })).into_response()
        }
        (&Method::GET, ["lead", lead_id]) => match state.lock().unwrap().lead_fields.get(*lead_id) {
            Some(fields) => axum::Json(json!({ "id": lead_id, "name": null, "tags": ["hot"], "fields": fields })).into_response(),
            None => problem(404, "no such lead"),
        },
        (&Method::PUT, ["lead", lead_id, "ai-toggle"]) => {
            let enabled = body["enabled"].as_bool().unwrap_or(true);
            state.lock().unwrap().toggles.push((lead_id.to_string(), enabled));
            axum::Json(json!({ "enabled": enabled, "applicable": true, "reason": null })).into_response()
        }
        (&Method::GET, ["bot"]) => {
            let mut bots = vec![
                json!({ "id": "bot_1", "name": "Sales bot", "category": "WebHook", "followUpActive": true,
                        "sources": [{ "id": "src_sales", "name": "Sales SMS", "category": "WebHook", "enabled": true }] }),
                json!({ "id": "bot_2", "name": "Support bot", "sources": [] }),
            ];
            for (i, (name, _)) in state.lock().unwrap().created_bots.iter().enumerate() {
                bots.push(json!({ "id": format!("bot_ai_{i}"), "name": name, "category": "WebHook", "sources": [] }));
            }
            axum::Json(bots).into_response()
        }
        (&Method::POST, ["bot", "ai"]) => {
            let name = body["name"].as_str().unwrap_or_default().to_owned();
            let description = body["description"].as_str().unwrap_or_default().to_owned();
            let mut s = state.lock().unwrap();
            let id = format!("bot_ai_{}", s.created_bots.len());
            s.created_bots.push((name.clone(), description));
            axum::Json(json!({ "id": id, "name": name, "category": "WebHook", "sources": [] })).into_response()
        }
        (&Method::GET, ["agency", "source"]) => {
            let created = state.lock().unwrap().created_sources.clone();
            let mut results = vec![json!({ "sourceId": "src_sales", "name": "Sales SMS", "category": "WebHook", "connected": true,
                                            "webhookCallback": "https://elsewhere.example.com/hook", "bots": [{ "id": "bot_1", "botName": "Sales bot", "enabled": true }] })];
            for (i, (name, callback)) in created.iter().enumerate() {
                results.push(json!({ "sourceId": format!("src_new_{i}"), "name": name, "category": "WebHook", "connected": true, "webhookCallback": callback, "bots": [] }));
            }
            axum::Json(json!({ "total": results.len(), "results": results, "page": 1, "pageSize": 500 })).into_response()
        }
        (&Method::POST, ["agency", "source"]) => {
            let name = body["name"].as_str().unwrap_or_default().to_owned();
            let callback = body["webhookCallback"].as_str().unwrap_or_default().to_owned();
            if body["category"] != "WebHook" {
                return problem(400, "category must be WebHook");
            }
            let mut s = state.lock().unwrap();
            let id = format!("src_new_{}", s.created_sources.len());
            s.created_sources.push((name.clone(), callback.clone()));
            axum::Json(json!({ "sourceId": id, "name": name, "category": "WebHook", "connected": true, "webhookCallback": callback, "bots": [] }))
                .into_response()
        }
        (&Method::PUT, ["agency", "source", source_id]) => {
            let callback = body["webhookCallback"].as_str().unwrap_or_default().to_owned();
            state.lock().unwrap().callback_updates.push((source_id.to_string(), callback.clone()));
            axum::Json(json!({ "sourceId": source_id, "webhookCallback": callback })).into_response()
        }
        (&Method::POST, ["bot", bot_id, "source", source_id]) => {
            if *bot_id == "bot_missing" {
                return problem(404, "no such bot");
            }
            state.lock().unwrap().attaches.push((bot_id.to_string(), source_id.to_string()));
            StatusCode::OK.into_response()
        }
        (&Method::GET, ["botMetric", "agencySummary"]) => match summary(&state, &request) {
            Some(bookings) => axum::Json(json!({ "currentMonthSuccessfulBookings": bookings, "currentMonthMessageCount": 10 })).into_response(),
            None => problem(503, "metrics unavailable"),
        },
        (&Method::GET, ["botMetric", "messages"]) => {
            axum::Json(lead_messages(&state.lock().unwrap(), &request.query_pairs())).into_response()
        }
        (&Method::GET, ["botMetric", "bookingGraph"]) => {
            let mut s = state.lock().unwrap();
            s.graph_requests.push(request.query_pairs());
            match s.booking_graph.clone() {
                Some(answer) => axum::Json(answer).into_response(),
                None => problem(404, "not found"),
            }
        }
        _ => problem(404, "not found"),
    }
}

/// The texts a lead (known through `add_lead`) sent to a source since
/// `start`, as `GET /botMetric/messages` lists them.
fn lead_messages(s: &State, query: &[(String, String)]) -> Value {
    let param = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let start = param("start")
        .and_then(|raw| chrono::DateTime::parse_from_rfc3339(raw).ok())
        .map(|at| at.with_timezone(&chrono::Utc));
    let Some(lead) = param("leadId") else {
        return json!([]);
    };
    let Some(phone) = s
        .leads
        .iter()
        .find(|(_, id)| id.as_str() == lead)
        .map(|(phone, _)| phone)
    else {
        return json!([]);
    };
    let listed: Vec<Value> = s
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| &e.contact_id == phone)
        .filter(|(_, e)| param("sourceId").is_none_or(|source| e.source_id == source))
        .filter(|(_, e)| start.is_none_or(|start| e.received_at >= start))
        .map(|(i, e)| {
            json!({ "messageId": format!("msg_{i}"), "sourceId": e.source_id, "leadId": lead,
                    "fromBot": false, "direction": "inbound", "channel": "sms", "message": e.message,
                    "timestamp": e.received_at.to_rfc3339() })
        })
        .collect();
    Value::Array(listed)
}

/// Notes which source an agency summary was for; the bookings to report.
fn summary(state: &Arc<Mutex<State>>, request: &Received) -> Option<i64> {
    let mut s = state.lock().unwrap();
    let source = request
        .query_pairs()
        .into_iter()
        .find(|(k, _)| k == "sourceId")
        .map(|(_, v)| v);
    s.summary_sources.push(source);
    s.bookings
}

async fn event(
    state: Arc<Mutex<State>>,
    http: reqwest::Client,
    source_id: &str,
    body: Value,
) -> Response {
    let reply = {
        let mut s = state.lock().unwrap();
        s.event_attempts += 1;
        s.script
            .pop_front()
            .or(s.default_reply)
            .unwrap_or(Reply::Accept)
    };
    match reply {
        Reply::Status(status) => return problem(status, "CloseBot is having trouble"),
        Reply::Hang => {
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
            return problem(504, "too late");
        }
        Reply::Accept | Reply::AcceptThenHang => {}
    }
    // CONTRACT §4: {"type":"message","contactId","message","state":{twilioNumber,phoneFrom,messageSid,…}}
    let well_formed = body["type"] == "message"
        && body["contactId"]
            .as_str()
            .is_some_and(|c| c.starts_with('+'))
        && body["message"].is_string()
        && ["twilioNumber", "phoneFrom", "messageSid"]
            .iter()
            .all(|k| body["state"][k].is_string());
    if !well_formed {
        let violation = format!("CloseBot: event body does not follow CONTRACT §4: {body}");
        state.lock().unwrap().violations.push(violation.clone());
        return problem(400, &violation);
    }
    let received = ReceivedEvent {
        source_id: source_id.to_owned(),
        contact_id: body["contactId"].as_str().unwrap_or_default().to_owned(),
        message: body["message"].as_str().unwrap_or_default().to_owned(),
        state: body["state"].clone(),
        received_at: chrono::Utc::now(),
    };
    let callback = {
        let mut s = state.lock().unwrap();
        s.events.push(received.clone());
        s.auto_reply_url.clone()
    };
    if matches!(reply, Reply::AcceptThenHang) {
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
    if let Some(url) = callback {
        tokio::spawn(async move {
            let reply = json!({
                "message": format!("Bot: {}", received.message),
                "state": received.state,
                "messageId": super::fake_twilio::uuid_hex(),
                "contactId": received.contact_id,
            });
            let _ = http.post(url).json(&reply).send().await;
        });
    }
    StatusCode::OK.into_response()
}
