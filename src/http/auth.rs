//! `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, CurrentUser};
use super::session::{self, SessionHash};
use crate::app_state::AppState;
use crate::security::login_limiter::{client_address, LoginKeys};
use crate::security::password;
use crate::storage::Role;

#[derive(Deserialize, ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Signed in with a password someone else chose: choose a new one
    /// (`POST /api/auth/password`).
    pub must_change_password: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Signs in and sets the session cookie.
#[utoipa::path(post,
    operation_id = "login", path = "/api/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn login(
    State(app): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<LoginRequest>,
) -> ApiResult<Response> {
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let address = client_address(peer.ip(), forwarded_for).to_string();
    let keys = LoginKeys::new(&request.email, &address);
    let attempt = keys
        .begin_attempt(&app.store, app.clock.now_ms())
        .await?
        .map_err(|wait| ApiError::too_many(wait.as_secs()))?;
    let user = app.store.user_by_email(&request.email).await?;
    let hash = user
        .as_ref()
        .map_or(password::decoy_hash(), |u| u.password_hash.as_str())
        .to_owned();
    let candidate = request.password.clone();
    // argon2 is deliberately slow: keep it off the async threads.
    let matches = tokio::task::spawn_blocking(move || password::verify(&candidate, &hash))
        .await
        .map_err(|_| ApiError::internal())?;
    let Some(user) = user.filter(|_| matches) else {
        if let Some(pause) = attempt.slow_failure {
            // This email draws guesses from many addresses: answer wrong ones slowly.
            tokio::time::sleep(pause).await;
        }
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "The email or password is incorrect",
        ));
    };
    let token = session::new_token();
    let (hash, user_id, now) = (
        session::token_hash(&app, &token),
        user.id.clone(),
        app.clock.now_ms(),
    );
    let expires = now + session::SESSION_DAYS * 24 * 3600 * 1000;
    app.store
        .write(move |tx| {
            Box::pin(async move {
                keys.succeeded(tx).await?;
                tx.note_login(&user_id, now).await?;
                tx.insert_session(&hash, &user_id, now, expires).await
            })
        })
        .await?;
    let must_change_password = app
        .store
        .team_member(&user.id)
        .await?
        .is_some_and(|m| m.must_change_password);
    let me = Me {
        id: user.id,
        email: user.email,
        role: user.role,
        must_change_password,
    };
    Ok((
        [(header::SET_COOKIE, session::set_cookie(&app, &token))],
        Json(me),
    )
        .into_response())
}

/// Ends the session on the server and clears the cookie.
#[utoipa::path(post,
    operation_id = "logout", path = "/api/auth/logout", tag = "auth", responses((status = 204)))]
pub async fn logout(
    State(app): State<AppState>,
    Extension(SessionHash(hash)): Extension<SessionHash>,
) -> ApiResult<Response> {
    app.store
        .write(move |tx| Box::pin(async move { tx.delete_session(&hash).await }))
        .await?;
    Ok((
        StatusCode::NO_CONTENT,
        [(header::SET_COOKIE, session::clear_cookie(&app))],
    )
        .into_response())
}

/// The signed-in user.
#[utoipa::path(get,
    operation_id = "getMe", path = "/api/auth/me", tag = "auth", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn me(CurrentUser(user): CurrentUser) -> Json<Me> {
    Json(Me {
        id: user.id,
        email: user.email,
        role: user.role,
        must_change_password: user.must_change_password,
    })
}

/// Changes your own password; your other sessions end.
#[utoipa::path(post,
    operation_id = "changePassword", path = "/api/auth/password", tag = "auth", request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_password(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Extension(SessionHash(session)): Extension<SessionHash>,
    ApiJson(change): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    let current = app
        .store
        .password_hash(&user.id)
        .await?
        .ok_or_else(|| ApiError::unauthorized("Sign in first"))?;
    if change.new_password == change.current_password {
        return Err(ApiError::validation(
            "Choose a password different from the current one",
        ));
    }
    let candidate = change.current_password;
    let matches = tokio::task::spawn_blocking(move || password::verify(&candidate, &current))
        .await
        .map_err(|_| ApiError::internal())?;
    if !matches {
        // Not 401: the session is fine, only the current password is wrong.
        return Err(ApiError::forbidden(
            "wrong_current_password",
            "The current password is incorrect",
        ));
    }
    let hash = crate::users::hash_password(&change.new_password)
        .await
        .map_err(super::team::user_error)?;
    let now = app.clock.now_ms();
    app.store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_password(&user.id, &hash, false, Some(&session), now)
                    .await
            })
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
