//! `/api/routes`: which CloseBot source answers which Twilio number.
//! Saving a route never calls Twilio or CloseBot.

mod survey;

pub use survey::SurveyBody;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, Paging};
use super::Page;
use crate::app_state::AppState;
use crate::domain::business_hours::BusinessHours;
use crate::domain::csat::SurveySettings;
use crate::domain::ids::new_id;
use crate::domain::phone::PhoneNumber;
use crate::domain::segments::MAX_BODY_CHARS;
use crate::storage::{Provider, Route, RouteInput};

/// Create or change a route. On update, absent fields keep their value and
/// `null` clears a nullable one.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteBody {
    #[schema(example = "+15005550006")]
    pub twilio_number: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub twilio_number_sid: Option<Option<String>>,
    pub closebot_source_id: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub closebot_bot_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub bot_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub greeting_message: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub after_hours_reply: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<BusinessHours>)]
    pub business_hours: Option<Option<BusinessHours>>,
    pub max_concurrent: Option<i64>,
    pub active: Option<bool>,
    pub csat_survey: Option<SurveyBody>,
}

fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl RouteBody {
    /// Applies this body over `base` (a new route's defaults, or the stored one).
    fn apply(self, base: RouteInput) -> ApiResult<RouteInput> {
        let text = |field: &str, value: Option<String>, max: usize| -> ApiResult<Option<String>> {
            let value = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
            match value {
                Some(v) if v.chars().count() > max => Err(ApiError::validation(format!(
                    "{field} is longer than {max} characters"
                ))),
                other => Ok(other),
            }
        };
        let merge = |field: &str,
                     change: Option<Option<String>>,
                     current: Option<String>,
                     max: usize| match change {
            Some(value) => text(field, value, max),
            None => Ok(current),
        };
        let twilio_number = match self.twilio_number {
            Some(raw) => PhoneNumber::parse(&raw)
                .map_err(|e| ApiError::validation(format!("twilioNumber: {e}")))?
                .into(),
            None => base.twilio_number,
        };
        let closebot_source_id = match self.closebot_source_id {
            Some(raw) => text("closebotSourceId", Some(raw), 200)?
                .ok_or_else(|| ApiError::validation("closebotSourceId must not be empty"))?,
            None => base.closebot_source_id,
        };
        let business_hours = match self.business_hours {
            Some(hours) => hours,
            None => base.business_hours,
        };
        if let Some(hours) = &business_hours {
            hours
                .calendar()
                .map_err(|e| ApiError::validation(format!("businessHours: {e}")))?;
        }
        let max_concurrent = self.max_concurrent.unwrap_or(base.max_concurrent);
        if !(1..=1000).contains(&max_concurrent) {
            return Err(ApiError::validation(
                "maxConcurrent must be between 1 and 1000",
            ));
        }
        let csat_survey = match self.csat_survey {
            Some(change) => change.apply(base.csat_survey)?,
            None => base.csat_survey,
        };
        Ok(RouteInput {
            csat_survey,
            twilio_number,
            closebot_source_id,
            twilio_number_sid: merge(
                "twilioNumberSid",
                self.twilio_number_sid,
                base.twilio_number_sid,
                64,
            )?,
            closebot_bot_id: merge(
                "closebotBotId",
                self.closebot_bot_id,
                base.closebot_bot_id,
                200,
            )?,
            bot_name: merge("botName", self.bot_name, base.bot_name, 200)?,
            greeting_message: merge(
                "greetingMessage",
                self.greeting_message,
                base.greeting_message,
                MAX_BODY_CHARS,
            )?,
            after_hours_reply: merge(
                "afterHoursReply",
                self.after_hours_reply,
                base.after_hours_reply,
                MAX_BODY_CHARS,
            )?,
            business_hours,
            max_concurrent,
            active: self.active.unwrap_or(base.active),
        })
    }
}

/// A route in the list, with how much it carries.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RouteListItem {
    #[serde(flatten)]
    pub route: Route,
    /// Messages in and out of the conversations this route answers.
    pub message_count: i64,
    pub conversation_count: i64,
}

/// All routes.
#[utoipa::path(get,
    operation_id = "listRoutes", path = "/api/routes", tag = "routes", params(Paging), responses((status = 200, body = Page<RouteListItem>)))]
pub async fn list(
    State(app): State<AppState>,
    ApiQuery(paging): ApiQuery<Paging>,
) -> ApiResult<Json<Page<RouteListItem>>> {
    let (page, limit) = paging.resolve()?;
    let routes = app.store.list_routes();
    let activity = app.store.route_activity(i64::MAX).await?;
    let total = routes.len() as i64;
    let items = routes
        .into_iter()
        .skip(((page - 1) * limit) as usize)
        .take(limit as usize)
        .map(|route| {
            let counts = activity.get(&route.id).copied().unwrap_or_default();
            RouteListItem {
                route,
                message_count: counts.messages,
                conversation_count: counts.conversations,
            }
        })
        .collect();
    Ok(Json(Page {
        items,
        total,
        page,
        limit,
    }))
}

/// Creates a route (admins).
#[utoipa::path(post,
    operation_id = "createRoute", path = "/api/routes", tag = "routes", request_body = RouteBody,
    responses((status = 201, body = Route), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(app): State<AppState>,
    _admin: AdminUser,
    ApiJson(body): ApiJson<RouteBody>,
) -> ApiResult<(StatusCode, Json<Route>)> {
    if body.twilio_number.is_none() || body.closebot_source_id.is_none() {
        return Err(ApiError::validation(
            "twilioNumber and closebotSourceId are required",
        ));
    }
    let defaults = RouteInput {
        twilio_number: String::new(),
        twilio_number_sid: None,
        closebot_source_id: String::new(),
        closebot_bot_id: None,
        bot_name: None,
        greeting_message: None,
        after_hours_reply: None,
        business_hours: None,
        max_concurrent: 50,
        active: true,
        csat_survey: SurveySettings::default(),
    };
    let input = body.apply(defaults)?;
    let now = app.clock.now_ms();
    let (route, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.insert_route(&new_id(), &input, now).await }))
        .await
        .map_err(number_taken)?;
    Ok((StatusCode::CREATED, Json(route)))
}

/// One route.
#[utoipa::path(get,
    operation_id = "getRoute", path = "/api/routes/{id}", tag = "routes", params(("id" = String, Path)),
    responses((status = 200, body = Route), (status = 404, body = ErrorBody)))]
pub async fn read(State(app): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Route>> {
    app.store
        .route(&id)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("The route"))
}

/// Changes a route (admins). Texts held for business hours are re-checked
/// against the new hours at once.
#[utoipa::path(put,
    operation_id = "updateRoute", path = "/api/routes/{id}", tag = "routes", params(("id" = String, Path)), request_body = RouteBody,
    responses((status = 200, body = Route), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<RouteBody>,
) -> ApiResult<Json<Route>> {
    let current = app
        .store
        .route(&id)
        .ok_or_else(|| ApiError::not_found("The route"))?;
    let input = body.apply(current.input())?;
    let now = app.clock.now_ms();
    let (updated, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let updated = tx.update_route(&id, &input, now).await?;
                if updated.is_some() {
                    tx.wake_route_jobs(&id, now).await?;
                }
                Ok(updated)
            })
        })
        .await
        .map_err(number_taken)?;
    app.wake(Provider::Closebot);
    updated
        .map(Json)
        .ok_or_else(|| ApiError::not_found("The route"))
}

/// Deletes a route (admins). Its contacts and messages are kept and still
/// name it (shown as deleted); texts to its number are no longer forwarded,
/// and the number can be routed again.
#[utoipa::path(delete,
    operation_id = "deleteRoute", path = "/api/routes/{id}", tag = "routes", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let now = app.clock.now_ms();
    let (deleted, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let deleted = tx.delete_route(&id, now).await?;
                // Texts held for its hours settle now instead of at opening.
                tx.wake_route_jobs(&id, now).await?;
                Ok(deleted)
            })
        })
        .await?;
    app.wake(Provider::Closebot);
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("The route"))
    }
}

fn number_taken(error: crate::storage::StoreError) -> ApiError {
    if error.unique_violation().as_deref() == Some("twilio_number") {
        return ApiError::conflict(
            "number_already_routed",
            "Another route already uses this Twilio number",
        );
    }
    error.into()
}
