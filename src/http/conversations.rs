//! `/api/conversations`: the list, one thread, manual replies and handing
//! the conversation back to the bot.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{ApiJson, ApiQuery, CurrentUser, Paging};
use super::filters::{bot_filter, date_bound};
use super::Page;
use crate::app_state::AppState;
use crate::bridge::events::{on_route, subject};
use crate::bridge::takeover::{self, SendOutcome};
use crate::domain::events::{ConversationRead, EventData};
use crate::domain::message::ConversationMode;
use crate::domain::segments::MAX_BODY_CHARS;
use crate::storage::{Contact, ConversationFilter, ConversationRow, Message, Provider};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ListQuery {
    pub page: Option<i64>,
    pub limit: Option<i64>,
    /// Name, phone digits in any format, or words in message text.
    pub search: Option<String>,
    pub status: Option<String>,
    /// A CloseBot bot id or a route id.
    pub bot: Option<String>,
    /// RFC 3339 instant or YYYY-MM-DD (start of day, UTC).
    pub date_from: Option<String>,
    /// RFC 3339 instant or YYYY-MM-DD (end of day, UTC).
    pub date_to: Option<String>,
}

/// Conversations, latest message first.
#[utoipa::path(get,
    operation_id = "listConversations", path = "/api/conversations", tag = "conversations", params(ListQuery),
    responses((status = 200, body = Page<ConversationRow>), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<ConversationRow>>> {
    let (page, limit) = Paging {
        page: query.page,
        limit: query.limit,
    }
    .resolve()?;
    let filter = ConversationFilter {
        search: query.search.filter(|s| !s.trim().is_empty()),
        status: query.status.filter(|s| !s.is_empty()),
        bot: query
            .bot
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(|id| bot_filter(&app, id)),
        from_ms: date_bound(query.date_from.as_deref(), false)?,
        to_ms: date_bound(query.date_to.as_deref(), true)?,
    };
    let (items, total) = app
        .store
        .list_conversations(&filter, limit, (page - 1) * limit)
        .await?;
    Ok(Json(Page {
        items,
        total,
        page,
        limit,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadQuery {
    /// Page further back: messages older than this message id.
    pub before: Option<String>,
    /// Messages per page (at most 500; default 100).
    pub limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Thread {
    pub contact: Contact,
    /// Oldest first.
    pub messages: Vec<Message>,
    pub has_more: bool,
}

/// One conversation: the contact and its latest messages.
#[utoipa::path(get,
    operation_id = "getConversation", path = "/api/conversations/{contactId}", tag = "conversations",
    params(("contactId" = String, Path), ThreadQuery),
    responses((status = 200, body = Thread), (status = 404, body = ErrorBody)))]
pub async fn thread(
    State(app): State<AppState>,
    Path(contact_id): Path<String>,
    ApiQuery(query): ApiQuery<ThreadQuery>,
) -> ApiResult<Json<Thread>> {
    let limit = query.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::validation("limit must be between 1 and 500"));
    }
    let before = query
        .before
        .map(|b| {
            b.parse::<i64>()
                .map_err(|_| ApiError::bad_request("invalid_cursor", "before must be a message id"))
        })
        .transpose()?;
    let contact = app
        .store
        .contact(&contact_id)
        .await?
        .ok_or_else(|| ApiError::not_found("The conversation"))?;
    let (messages, has_more) = app.store.messages_page(&contact_id, before, limit).await?;
    Ok(Json(Thread {
        contact,
        messages,
        has_more,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendRequest {
    pub body: String,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SendAccepted {
    pub message: Message,
    /// `human` from now on.
    pub mode: ConversationMode,
}

/// Sends a manual reply through Twilio and takes the conversation over from the bot.
#[utoipa::path(post,
    operation_id = "sendManualReply", path = "/api/conversations/{contactId}/send", tag = "conversations",
    params(("contactId" = String, Path)), request_body = SendRequest,
    responses((status = 202, body = SendAccepted), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn send(
    State(app): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(contact_id): Path<String>,
    ApiJson(request): ApiJson<SendRequest>,
) -> ApiResult<(StatusCode, Json<SendAccepted>)> {
    let body = request.body.trim().to_owned();
    if body.is_empty() {
        return Err(ApiError::validation("body must not be empty"));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::validation(format!(
            "body is longer than {MAX_BODY_CHARS} characters (Twilio's limit)"
        )));
    }
    let now = app.clock.now_ms();
    let (outcome, _) = app
        .store
        .write(move |tx| {
            Box::pin(
                async move { takeover::send_manual(tx, &contact_id, &body, &user.id, now).await },
            )
        })
        .await?;
    match outcome {
        SendOutcome::Queued {
            message_id,
            took_over,
        } => {
            app.wake(Provider::Twilio);
            if took_over {
                app.wake(Provider::Closebot);
            }
            let message = app
                .store
                .message(message_id)
                .await?
                .ok_or_else(ApiError::internal)?;
            Ok((
                StatusCode::ACCEPTED,
                Json(SendAccepted {
                    message,
                    mode: ConversationMode::Human,
                }),
            ))
        }
        SendOutcome::NotFound => Err(ApiError::not_found("The conversation")),
        SendOutcome::OptedOut => Err(ApiError::conflict(
            "contact_opted_out",
            "This customer opted out (replied STOP); nothing can be sent until they text START",
        )),
        SendOutcome::NoNumber => Err(ApiError::conflict(
            "no_sending_number",
            "No Twilio number to send from: the route this customer texted no longer exists",
        )),
    }
}

/// Hands the conversation back to the bot.
#[utoipa::path(post,
    operation_id = "resumeBot", path = "/api/conversations/{contactId}/resume-bot", tag = "conversations",
    params(("contactId" = String, Path)), responses((status = 200, body = Contact), (status = 404, body = ErrorBody)))]
pub async fn resume_bot(
    State(app): State<AppState>,
    Path(contact_id): Path<String>,
) -> ApiResult<Json<Contact>> {
    let now = app.clock.now_ms();
    let id = contact_id.clone();
    let (resumed, _) = app
        .store
        .write(move |tx| Box::pin(async move { takeover::resume_bot(tx, &id, now).await }))
        .await?;
    match resumed {
        None => Err(ApiError::not_found("The conversation")),
        Some(changed) => {
            if changed {
                app.wake(Provider::Closebot);
            }
            let contact = app
                .store
                .contact(&contact_id)
                .await?
                .ok_or_else(|| ApiError::not_found("The conversation"))?;
            Ok(Json(contact))
        }
    }
}

/// Marks the conversation read (clears its unread count).
#[utoipa::path(post,
    operation_id = "markConversationRead", path = "/api/conversations/{contactId}/read", tag = "conversations",
    params(("contactId" = String, Path)), responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn mark_read(
    State(app): State<AppState>,
    Path(contact_id): Path<String>,
) -> ApiResult<StatusCode> {
    let now = app.clock.now_ms();
    let (found, _) = app
        .store
        .write(move |tx| {
            Box::pin(async move {
                let Some(contact) = tx.contact(&contact_id).await? else {
                    return Ok(false);
                };
                if tx.mark_read(&contact_id).await? {
                    let read = EventData::ConversationRead(ConversationRead {
                        subject: subject(&contact),
                    });
                    tx.record_event(on_route(None, None, read), now).await?;
                }
                Ok(true)
            })
        })
        .await?;
    if found {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("The conversation"))
    }
}
