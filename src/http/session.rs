//! Server-side sessions: a random token in an HttpOnly cookie; the database
//! keeps only its keyed hash, so a leaked database holds no usable session.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use super::error::ApiError;
use super::extract::CurrentUser;
use crate::app_state::AppState;

pub const COOKIE_NAME: &str = "cbsms_session";
pub const SESSION_DAYS: i64 = 30;

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored hash of the request's session token, for handlers that look
/// at the session again later (a live stream re-checks it).
#[derive(Clone)]
pub struct SessionHash(pub String);

pub fn token_hash(app: &AppState, token: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(app.keys.session_key()).expect("HMAC accepts 32-byte keys");
    mac.update(token.as_bytes());
    URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_owned())
}

pub fn set_cookie(app: &AppState, token: &str) -> HeaderValue {
    let secure = if app.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    let max_age = SESSION_DAYS * 24 * 3600;
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    ))
    .expect("the session cookie is ASCII")
}

pub fn clear_cookie(app: &AppState) -> HeaderValue {
    let secure = if app.config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}"
    ))
    .expect("the session cookie is ASCII")
}

/// Lets a request through only with a valid session, which handlers then
/// read with the `CurrentUser` extractor.
pub async fn require_session(
    State(app): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let token =
        token_from(request.headers()).ok_or_else(|| ApiError::unauthorized("Sign in first"))?;
    let hash = token_hash(&app, &token);
    let user = app
        .store
        .session_user(&hash, app.clock.now_ms())
        .await?
        .ok_or_else(|| ApiError::unauthorized("Your session has ended; sign in again"))?;
    // Someone signed in with a password another person chose may only
    // choose their own (or sign out) until they do.
    let allowed_before_change = ["/api/auth/me", "/api/auth/password", "/api/auth/logout"];
    if user.must_change_password && !allowed_before_change.contains(&request.uri().path()) {
        return Err(ApiError::forbidden(
            "password_change_required",
            "Choose your own password first (POST /api/auth/password)",
        ));
    }
    request.extensions_mut().insert(CurrentUser(user));
    request.extensions_mut().insert(SessionHash(hash));
    Ok(next.run(request).await)
}
