//! `/api/users`: the team (admins only). An admin adds people with a
//! password they type or a one-time password shown once, changes roles,
//! resets passwords and removes people; the last admin stays.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson, CurrentUser};
use crate::app_state::AppState;
use crate::storage::{Role, TeamChange, TeamMember};
use crate::users::{self, UserError};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Must choose a new password at next sign-in.
    pub must_change_password: bool,
    /// RFC 3339.
    pub created_at: String,
    #[schema(required = true)]
    pub last_login_at: Option<String>,
}

impl From<TeamMember> for UserView {
    fn from(m: TeamMember) -> Self {
        Self {
            id: m.id,
            email: m.email,
            role: m.role,
            must_change_password: m.must_change_password,
            created_at: crate::clock::to_rfc3339(m.created_at),
            last_login_at: m.last_login_at.map(crate::clock::to_rfc3339),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub role: Role,
    /// Leave out to get a one-time password in the answer.
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserCreated {
    pub user: UserView,
    /// Shown this once; the user must replace it at first sign-in.
    #[schema(required = true)]
    pub one_time_password: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleChange {
    pub role: Role,
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    /// Leave out to get a one-time password in the answer.
    pub password: Option<String>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PasswordResetDone {
    #[schema(required = true)]
    pub one_time_password: Option<String>,
}

/// The team.
#[utoipa::path(get,
    operation_id = "listUsers", path = "/api/users", tag = "team",
    responses((status = 200, body = Vec<UserView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    _admin: AdminUser,
) -> ApiResult<Json<Vec<UserView>>> {
    let team = app.store.team().await?;
    Ok(Json(team.into_iter().map(UserView::from).collect()))
}

/// Adds someone to the team.
#[utoipa::path(post,
    operation_id = "createUser", path = "/api/users", tag = "team", request_body = NewUser,
    responses((status = 201, body = UserCreated), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(new): ApiJson<NewUser>,
) -> ApiResult<(StatusCode, Json<UserCreated>)> {
    let one_time = new.password.is_none().then(users::one_time_password);
    let password = new
        .password
        .or_else(|| one_time.clone())
        .unwrap_or_default();
    let now = app.clock.now_ms();
    let id = users::create(&app.store, &new.email, &password, new.role, true, now)
        .await
        .map_err(user_error)?;
    let user = member(&app, &id).await?;
    Ok((
        StatusCode::CREATED,
        Json(UserCreated {
            user,
            one_time_password: one_time,
        }),
    ))
}

/// Changes someone's role; the last admin cannot be demoted.
#[utoipa::path(put,
    operation_id = "updateUser", path = "/api/users/{id}", tag = "team", params(("id" = String, Path)), request_body = RoleChange,
    responses((status = 200, body = UserView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<RoleChange>,
) -> ApiResult<Json<UserView>> {
    let (now, target) = (app.clock.now_ms(), id.clone());
    let (done, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.set_role(&target, change.role, now).await }))
        .await?;
    refused(done)?;
    Ok(Json(member(&app, &id).await?))
}

/// Sets a new password (typed, or a one-time one) and ends their sessions.
#[utoipa::path(post,
    operation_id = "resetUserPassword", path = "/api/users/{id}/reset-password", tag = "team",
    params(("id" = String, Path)), request_body = PasswordReset,
    responses((status = 200, body = PasswordResetDone), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(reset): ApiJson<PasswordReset>,
) -> ApiResult<Json<PasswordResetDone>> {
    let one_time = reset.password.is_none().then(users::one_time_password);
    let password = reset
        .password
        .or_else(|| one_time.clone())
        .unwrap_or_default();
    let hash = users::hash_password(&password).await.map_err(user_error)?;
    let now = app.clock.now_ms();
    let (found, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move { tx.set_password(&id, &hash, true, None, now).await })
        })
        .await?;
    if !found {
        return Err(ApiError::not_found("The user"));
    }
    Ok(Json(PasswordResetDone {
        one_time_password: one_time,
    }))
}

/// Removes someone (not yourself, not the last admin); their sessions end.
#[utoipa::path(delete,
    operation_id = "deleteUser", path = "/api/users/{id}", tag = "team", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn delete(
    State(app): State<AppState>,
    _admin: AdminUser,
    CurrentUser(me): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if me.id == id {
        return Err(ApiError::conflict(
            "cannot_remove_yourself",
            "You cannot remove yourself; another admin can",
        ));
    }
    let (done, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.remove_user(&id).await }))
        .await?;
    refused(done)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn member(app: &AppState, id: &str) -> ApiResult<UserView> {
    app.store
        .team_member(id)
        .await?
        .map(UserView::from)
        .ok_or_else(|| ApiError::not_found("The user"))
}

fn refused(change: TeamChange) -> ApiResult<()> {
    match change {
        TeamChange::Done => Ok(()),
        TeamChange::NotFound => Err(ApiError::not_found("The user")),
        TeamChange::LastAdmin => Err(ApiError::conflict(
            "last_admin",
            "This is the last admin: make someone else an admin first",
        )),
    }
}

pub fn user_error(error: UserError) -> ApiError {
    match error {
        UserError::BadEmail(_) | UserError::ShortPassword => {
            ApiError::validation(error.to_string())
        }
        UserError::Exists(_) => ApiError::conflict("user_exists", error.to_string()),
        UserError::Store(e) => e.into(),
    }
}
