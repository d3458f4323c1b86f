//! The REST API of the simulated Twilio (2010-04-01): what the app calls,
//! checked as Twilio checks it, answered in Twilio's shapes and error codes.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::json;

use super::{now_ms, twilio_date, MessageResource, World};
use crate::domain::phone::PhoneNumber;
use crate::domain::segments::MAX_BODY_CHARS;

pub fn router(world: Arc<World>) -> Router {
    Router::new()
        .route("/2010-04-01/Accounts/{file}", get(account))
        .route(
            "/2010-04-01/Accounts/{sid}/Messages.json",
            post(create_message).get(list_messages),
        )
        .route(
            "/2010-04-01/Accounts/{sid}/Messages/{file}",
            get(fetch_message),
        )
        .route(
            "/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers.json",
            get(list_numbers),
        )
        .route(
            "/2010-04-01/Accounts/{sid}/IncomingPhoneNumbers/{file}",
            post(update_number),
        )
        .fallback(|| async {
            twilio_error(
                StatusCode::NOT_FOUND,
                20404,
                "The requested resource was not found",
            )
            .into_response()
        })
        .with_state(world)
}

/// Twilio's refusal, rendered as its error body: `{"code","message","more_info","status"}`.
struct Refusal {
    status: StatusCode,
    code: u32,
    message: String,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let body = json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status.as_u16(),
        });
        (self.status, Json(body)).into_response()
    }
}

fn twilio_error(status: StatusCode, code: u32, message: impl Into<String>) -> Refusal {
    Refusal {
        status,
        code,
        message: message.into(),
    }
}

fn bad_request(code: u32, message: impl Into<String>) -> Refusal {
    twilio_error(StatusCode::BAD_REQUEST, code, message)
}

/// HTTP Basic auth with the account SID and auth token, for this account.
fn authenticate(world: &World, headers: &HeaderMap, path_sid: &str) -> Result<(), Refusal> {
    let given = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b64| STANDARD.decode(b64.trim()).ok())
        .and_then(|raw| String::from_utf8(raw).ok());
    let expected = format!("{}:{}", world.account_sid, world.auth_token);
    let valid = given
        .is_some_and(|g| subtle::ConstantTimeEq::ct_eq(g.as_bytes(), expected.as_bytes()).into());
    if !valid || path_sid != world.account_sid {
        return Err(twilio_error(
            StatusCode::UNAUTHORIZED,
            20003,
            "Authenticate",
        ));
    }
    Ok(())
}

fn form(body: &[u8]) -> Result<Vec<(String, String)>, Refusal> {
    serde_urlencoded::from_bytes(body)
        .map_err(|_| bad_request(20001, "The request body is not a form"))
}

fn field<'a>(form: &'a [(String, String)], name: &str) -> Option<&'a str> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn account(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Result<Response, Refusal> {
    let sid = file.trim_end_matches(".json");
    authenticate(&world, &headers, sid)?;
    Ok(Json(json!({
        "sid": world.account_sid,
        "friendly_name": "Sandbox account (simulated)",
        "status": "active",
        "type": "Full",
        "date_created": twilio_date(now_ms()),
        "uri": format!("/2010-04-01/Accounts/{}.json", world.account_sid),
    }))
    .into_response())
}

async fn create_message(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path(sid): Path<String>,
    body: bytes::Bytes,
) -> Result<Response, Refusal> {
    authenticate(&world, &headers, &sid)?;
    let form = form(&body)?;
    let message = checked_message(&world, &form)?;
    let callback = field(&form, "StatusCallback").map(str::to_owned);
    world.lock().remember(message.clone());
    tokio::spawn(super::lifecycle::deliver(
        world.clone(),
        message.sid.clone(),
        callback,
    ));
    Ok((StatusCode::CREATED, Json(message)).into_response())
}

/// A new outbound message, or Twilio's refusal of it.
fn checked_message(world: &World, form: &[(String, String)]) -> Result<MessageResource, Refusal> {
    let to = field(form, "To").filter(|v| !v.trim().is_empty());
    let to = to.ok_or_else(|| bad_request(21604, "A 'To' phone number is required."))?;
    let from = field(form, "From").filter(|v| !v.trim().is_empty());
    let from = from.ok_or_else(|| bad_request(21603, "A 'From' phone number is required."))?;
    let body = field(form, "Body").unwrap_or_default();
    if body.is_empty() {
        return Err(bad_request(21602, "Message body is required."));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(bad_request(
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ));
    }
    let to = PhoneNumber::parse(to)
        .map_err(|_| bad_request(21211, format!("Invalid 'To' Phone Number: {to}")))?;
    if let Some(callback) = field(form, "StatusCallback") {
        if !matches!(url::Url::parse(callback), Ok(u) if matches!(u.scheme(), "http" | "https")) {
            return Err(bad_request(
                21609,
                format!("Invalid StatusCallback url: {callback}"),
            ));
        }
    }
    let state = world.lock();
    if state.number(from).is_none() {
        return Err(bad_request(
            21606,
            format!("The From phone number {from} is not a valid, SMS-capable inbound phone number or short code for your account."),
        ));
    }
    if state
        .opted_out
        .contains(&(to.as_str().to_owned(), from.to_owned()))
    {
        return Err(bad_request(
            21610,
            "Attempt to send to unsubscribed recipient",
        ));
    }
    Ok(MessageResource::new(
        &world.account_sid,
        (from, to.as_str()),
        body,
        false,
        now_ms(),
    ))
}

#[derive(serde::Deserialize)]
struct ListQuery {
    #[serde(rename = "To")]
    to: Option<String>,
    #[serde(rename = "From")]
    from: Option<String>,
    #[serde(rename = "PageSize")]
    page_size: Option<usize>,
}

async fn list_messages(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path(sid): Path<String>,
    Query(query): Query<ListQuery>,
) -> Result<Response, Refusal> {
    authenticate(&world, &headers, &sid)?;
    let page_size = query.page_size.unwrap_or(50).clamp(1, 1000);
    let state = world.lock();
    // Newest first, as Twilio lists them.
    let messages: Vec<&MessageResource> = state
        .order
        .iter()
        .rev()
        .filter_map(|sid| state.messages.get(sid))
        .filter(|m| query.to.as_deref().is_none_or(|to| m.to == to))
        .filter(|m| query.from.as_deref().is_none_or(|from| m.from == from))
        .take(page_size)
        .collect();
    Ok(Json(json!({ "messages": messages, "page": 0, "page_size": page_size })).into_response())
}

async fn fetch_message(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path((sid, file)): Path<(String, String)>,
) -> Result<Response, Refusal> {
    authenticate(&world, &headers, &sid)?;
    let message_sid = file.trim_end_matches(".json");
    match world.lock().messages.get(message_sid) {
        Some(message) => Ok(Json(message.clone()).into_response()),
        None => Err(twilio_error(
            StatusCode::NOT_FOUND,
            20404,
            format!("The requested resource /2010-04-01/Accounts/{sid}/Messages/{message_sid}.json was not found"),
        )),
    }
}

async fn list_numbers(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path(sid): Path<String>,
) -> Result<Response, Refusal> {
    authenticate(&world, &headers, &sid)?;
    let numbers = world.lock().numbers.clone();
    Ok(
        Json(json!({ "incoming_phone_numbers": numbers, "page": 0, "page_size": 1000 }))
            .into_response(),
    )
}

async fn update_number(
    State(world): State<Arc<World>>,
    headers: HeaderMap,
    Path((sid, file)): Path<(String, String)>,
    body: bytes::Bytes,
) -> Result<Response, Refusal> {
    authenticate(&world, &headers, &sid)?;
    let form = form(&body)?;
    let number_sid = file.trim_end_matches(".json");
    let mut state = world.lock();
    let Some(number) = state.numbers.iter_mut().find(|n| n.sid == number_sid) else {
        return Err(twilio_error(
            StatusCode::NOT_FOUND,
            20404,
            "The requested resource was not found",
        ));
    };
    if let Some(url) = field(&form, "SmsUrl") {
        if !url.is_empty() && url::Url::parse(url).is_err() {
            return Err(bad_request(21502, format!("SmsUrl is not valid: {url}")));
        }
        number.sms_url = url.to_owned();
    }
    if let Some(method) = field(&form, "SmsMethod") {
        number.sms_method = method.to_uppercase();
    }
    Ok(Json(number.clone()).into_response())
}
