//! A fake Twilio REST API on loopback: it checks every request against
//! Twilio's OpenAPI description, authenticates like Twilio, records what
//! it accepts, and fails on demand (5xx, 429, errors with codes, hangs).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use super::fake_server::{self, Port, Received};
use super::openapi;

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";

#[derive(Debug, Clone, Copy)]
pub enum Reply {
    Accept,
    /// An HTTP status with Twilio's error body (code, message).
    Error {
        status: u16,
        code: i64,
        message: &'static str,
    },
    /// Record the message as created, then never answer (a timeout).
    AcceptThenHang,
}

#[derive(Debug, Clone)]
pub struct SentSms {
    pub sid: String,
    pub to: String,
    pub from: String,
    pub body: String,
    pub status_callback: Option<String>,
    pub date_created: chrono::DateTime<chrono::Utc>,
    /// When the fake received it (benchmarks time round trips with it).
    pub received: std::time::Instant,
    /// Still queued at Twilio (a throttled number): no `date_sent` yet.
    pub held: bool,
}

#[derive(Default)]
struct State {
    sent: Vec<SentSms>,
    send_attempts: usize,
    list_calls: usize,
    violations: Vec<String>,
    script: VecDeque<Reply>,
    default_reply: Option<Reply>,
    reject_to: HashMap<String, (u16, i64, &'static str)>,
    /// What `GET Messages/{Sid}.json` says of a message (else `sent`).
    statuses: HashMap<String, String>,
    /// When each single message was looked up (`GET Messages/{Sid}.json`).
    lookups: Vec<std::time::Instant>,
    /// The account's number's "A message comes in" URL.
    number_sms_url: Option<String>,
    /// SmsUrl updates received, in order.
    sms_url_updates: Vec<String>,
}

#[derive(Clone)]
pub struct FakeTwilio {
    pub base_url: String,
    state: Arc<Mutex<State>>,
}

impl FakeTwilio {
    pub async fn start() -> Self {
        Self::start_on(0).await
    }

    /// A fake whose port refuses connections until `start_reserved`.
    pub fn reserve() -> (Self, Port) {
        let port = Port::reserve();
        let fake = Self {
            base_url: format!("http://127.0.0.1:{}", port.0),
            state: Default::default(),
        };
        (fake, port)
    }

    pub async fn start_reserved(&self, port: Port) {
        let state = self.state.clone();
        fake_server::serve(port.0, move |r| handle(state.clone(), r)).await;
    }

    async fn start_on(port: u16) -> Self {
        let state: Arc<Mutex<State>> = Default::default();
        let handler_state = state.clone();
        let addr = fake_server::serve(port, move |r| handle(handler_state.clone(), r)).await;
        Self {
            base_url: format!("http://{addr}"),
            state,
        }
    }

    /// Replies for the next sends, in order; then the default.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.lock().unwrap().script.extend(replies);
    }

    pub fn set_default(&self, reply: Reply) {
        self.state.lock().unwrap().default_reply = Some(reply);
    }

    pub fn reject_recipient(&self, to: &str, status: u16, code: i64, message: &'static str) {
        self.state
            .lock()
            .unwrap()
            .reject_to
            .insert(to.to_owned(), (status, code, message));
    }

    pub fn sent(&self) -> Vec<SentSms> {
        self.state.lock().unwrap().sent.clone()
    }

    pub fn send_attempts(&self) -> usize {
        self.state.lock().unwrap().send_attempts
    }

    /// The account's number points its incoming texts at `url`.
    pub fn set_number_sms_url(&self, url: &str) {
        self.state.lock().unwrap().number_sms_url = Some(url.to_owned());
    }

    pub fn sms_url_updates(&self) -> Vec<String> {
        self.state.lock().unwrap().sms_url_updates.clone()
    }

    /// From now on, looking `sid` up at Twilio gives `status`.
    pub fn set_status(&self, sid: &str, status: &str) {
        self.state
            .lock()
            .unwrap()
            .statuses
            .insert(sid.to_owned(), status.to_owned());
    }

    /// How many single messages were looked up (`GET Messages/{Sid}.json`).
    pub fn lookups(&self) -> usize {
        self.state.lock().unwrap().lookups.len()
    }

    /// The time between consecutive lookups, in order.
    pub fn lookup_gaps(&self) -> Vec<std::time::Duration> {
        let times = self.state.lock().unwrap().lookups.clone();
        times.windows(2).map(|pair| pair[1] - pair[0]).collect()
    }

    pub fn list_calls(&self) -> usize {
        self.state.lock().unwrap().list_calls
    }

    pub fn violations(&self) -> Vec<String> {
        self.state.lock().unwrap().violations.clone()
    }
}

/// The fake account's one phone number.
pub const NUMBER_SID: &str = "PN0123456789abcdef0123456789abcdef";

fn number_json(sms_url: Option<&str>) -> serde_json::Value {
    json!({ "sid": NUMBER_SID, "account_sid": ACCOUNT_SID, "phone_number": "+15005550006", "friendly_name": "Main",
            "sms_url": sms_url, "sms_method": "POST" })
}

fn twilio_error(status: u16, code: i64, message: &str) -> Response {
    let body = json!({ "code": code, "message": message, "more_info": format!("https://www.twilio.com/docs/errors/{code}"), "status": status });
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

fn message_json(m: &SentSms, status: &str) -> serde_json::Value {
    let date_sent = (status != "queued").then(|| m.date_created.to_rfc2822());
    json!({
        "sid": m.sid, "account_sid": ACCOUNT_SID, "to": m.to, "from": m.from, "body": m.body, "status": status,
        "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
        "date_created": m.date_created.to_rfc2822(), "date_updated": m.date_created.to_rfc2822(), "date_sent": date_sent,
        "error_code": null, "error_message": null, "price": null, "uri": format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{}.json", m.sid),
    })
}

async fn handle(state: Arc<Mutex<State>>, request: Received) -> Response {
    let path = request.uri.path().to_owned();
    if let Err(violation) = openapi::twilio().check(
        request.method.as_str(),
        &path,
        &request.query_pairs(),
        request.content_type(),
        &request.body,
    ) {
        state.lock().unwrap().violations.push(violation.clone());
        return twilio_error(400, 21000, &violation);
    }
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{ACCOUNT_SID}:{AUTH_TOKEN}"))
    );
    let authorised = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        == Some(expected.as_str());
    if !authorised || !path.contains(ACCOUNT_SID) {
        return twilio_error(401, 20003, "Authenticate");
    }
    let messages_path = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json");
    match (&request.method, path.as_str()) {
        (&Method::POST, p) if p == messages_path => create_message(state, &request).await,
        (&Method::GET, p) if p == messages_path => list_messages(&state, &request),
        (&Method::GET, p) if p.starts_with(&messages_path.replace(".json", "/")) => {
            let sid = p
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .trim_end_matches(".json");
            fetch_message(&state, sid)
        }
        (&Method::GET, p) if p == format!("/2010-04-01/Accounts/{ACCOUNT_SID}.json") => axum::Json(
            json!({ "sid": ACCOUNT_SID, "friendly_name": "Test account", "status": "active" }),
        )
        .into_response(),
        (&Method::GET, p)
            if p == format!("/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers.json") =>
        {
            let url = state.lock().unwrap().number_sms_url.clone();
            axum::Json(json!({ "incoming_phone_numbers": [number_json(url.as_deref())] }))
                .into_response()
        }
        (&Method::POST, p)
            if p == format!(
                "/2010-04-01/Accounts/{ACCOUNT_SID}/IncomingPhoneNumbers/{NUMBER_SID}.json"
            ) =>
        {
            let url = request.form_value("SmsUrl").unwrap_or_default();
            let mut s = state.lock().unwrap();
            s.sms_url_updates.push(url.clone());
            s.number_sms_url = Some(url.clone());
            axum::Json(number_json(Some(&url))).into_response()
        }
        _ => twilio_error(404, 20404, "The requested resource was not found"),
    }
}

async fn create_message(state: Arc<Mutex<State>>, request: &Received) -> Response {
    let to = request.form_value("To").unwrap_or_default();
    let reply = {
        let mut s = state.lock().unwrap();
        s.send_attempts += 1;
        if let Some((status, code, message)) = s.reject_to.get(&to).cloned() {
            return twilio_error(status, code, message);
        }
        s.script
            .pop_front()
            .or(s.default_reply)
            .unwrap_or(Reply::Accept)
    };
    if let Reply::Error {
        status,
        code,
        message,
    } = reply
    {
        return twilio_error(status, code, message);
    }
    let sms = SentSms {
        sid: format!("SM{}", uuid_hex()),
        to,
        from: request.form_value("From").unwrap_or_default(),
        body: request.form_value("Body").unwrap_or_default(),
        status_callback: request.form_value("StatusCallback"),
        date_created: chrono::Utc::now(),
        received: std::time::Instant::now(),
        held: matches!(reply, Reply::AcceptThenHang),
    };
    state.lock().unwrap().sent.push(sms.clone());
    if let Reply::AcceptThenHang = reply {
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
    (
        StatusCode::CREATED,
        axum::Json(message_json(&sms, "queued")),
    )
        .into_response()
}

fn fetch_message(state: &Arc<Mutex<State>>, sid: &str) -> Response {
    let mut s = state.lock().unwrap();
    s.lookups.push(std::time::Instant::now());
    let Some(message) = s.sent.iter().find(|m| m.sid == sid) else {
        return twilio_error(404, 20404, "The requested resource was not found");
    };
    let status = s
        .statuses
        .get(sid)
        .cloned()
        .unwrap_or_else(|| if message.held { "queued" } else { "sent" }.to_owned());
    axum::Json(message_json(message, &status)).into_response()
}

fn list_messages(state: &Arc<Mutex<State>>, request: &Received) -> Response {
    let query = request.query_pairs();
    let get = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut s = state.lock().unwrap();
    s.list_calls += 1;
    let messages: Vec<_> = s
        .sent
        .iter()
        .filter(|m| {
            get("To").is_none_or(|to| to == m.to) && get("From").is_none_or(|from| from == m.from)
        })
        // As Twilio: a DateSent filter leaves out what is not sent yet.
        .filter(|m| !(m.held && (get("DateSent>").is_some() || get("DateSent").is_some())))
        .map(|m| message_json(m, if m.held { "queued" } else { "sent" }))
        .collect();
    axum::Json(json!({ "messages": messages, "page": 0, "page_size": 50 })).into_response()
}

pub fn uuid_hex() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
