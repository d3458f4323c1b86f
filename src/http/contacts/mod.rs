//! `/api/contacts`: the list (search, filters, sorts, server-side pages),
//! one contact with what CloseBot collected, edits, deletes (admins) and
//! the CSV export.

mod export;
mod views;

pub use export::*;
pub use views::*;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ApiResult, ErrorBody};
use super::extract::{AdminUser, ApiJson, ApiQuery, Paging};
use super::filters::{bot_filter, date_bound};
use super::Page;
use crate::alerts::config::looks_like_email;
use crate::app_state::AppState;
use crate::storage::{ContactEdit, ContactFilter, ContactSort};

/// The statuses of the plan; the mockup's hot/warm/cold filter maps onto them.
pub const STATUSES: [&str; 6] = ["new", "active", "qualified", "booked", "closed", "cold"];

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query, rename_all = "camelCase")]
pub struct ContactQuery {
    pub page: Option<i64>,
    pub limit: Option<i64>,
    /// Name, phone digits in any format, or email.
    pub search: Option<String>,
    /// Comma-separated statuses, or `hot` (qualified, booked), `warm` (active), `cold` (cold, closed).
    pub status: Option<String>,
    /// A CloseBot bot id or a route id.
    pub bot: Option<String>,
    /// Last contact on or after (RFC 3339 or YYYY-MM-DD).
    pub date_from: Option<String>,
    /// Last contact on or before.
    pub date_to: Option<String>,
    /// name, phone, bot, status, messages or lastContact (default lastContact).
    pub sort: Option<String>,
    /// asc or desc (default desc for lastContact and messages, else asc).
    pub order: Option<String>,
}

impl ContactQuery {
    pub fn filter(&self, app: &AppState) -> ApiResult<ContactFilter> {
        let mut statuses = Vec::new();
        for part in self.status.as_deref().unwrap_or_default().split(',') {
            match part.trim() {
                "" => {}
                "hot" => statuses.extend(["qualified", "booked"]),
                "warm" => statuses.push("active"),
                "cold" => statuses.extend(["cold", "closed"]),
                known if STATUSES.contains(&known) => statuses.push(known),
                other => {
                    return Err(ApiError::validation(format!(
                        "`{other}` is not a status; use {} (or hot, warm, cold)",
                        STATUSES.join(", ")
                    )))
                }
            }
        }
        Ok(ContactFilter {
            search: self.search.clone().filter(|s| !s.trim().is_empty()),
            statuses: statuses.into_iter().map(str::to_owned).collect(),
            bot: self
                .bot
                .as_deref()
                .filter(|b| !b.is_empty())
                .map(|b| bot_filter(app, b)),
            from_ms: date_bound(self.date_from.as_deref(), false)?,
            to_ms: date_bound(self.date_to.as_deref(), true)?,
        })
    }

    pub fn sort(&self) -> ApiResult<(ContactSort, bool)> {
        let sort = match self.sort.as_deref().unwrap_or("lastContact") {
            "name" => ContactSort::Name,
            "phone" => ContactSort::Phone,
            "bot" => ContactSort::Bot,
            "status" => ContactSort::Status,
            "messages" => ContactSort::Messages,
            "lastContact" => ContactSort::LastContact,
            other => {
                return Err(ApiError::validation(format!(
                    "`{other}` is not a sort; use name, phone, bot, status, messages or lastContact"
                )))
            }
        };
        let descending = match self.order.as_deref() {
            Some("asc") => false,
            Some("desc") => true,
            None => matches!(sort, ContactSort::LastContact | ContactSort::Messages),
            Some(other) => {
                return Err(ApiError::validation(format!(
                    "`{other}` is not an order; use asc or desc"
                )))
            }
        };
        Ok((sort, descending))
    }
}

/// Contacts, filtered and sorted, a page at a time.
#[utoipa::path(get,
    operation_id = "listContacts", path = "/api/contacts", tag = "contacts", params(ContactQuery),
    responses((status = 200, body = Page<ContactListItem>), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn list(
    State(app): State<AppState>,
    ApiQuery(query): ApiQuery<ContactQuery>,
) -> ApiResult<Json<Page<ContactListItem>>> {
    let (page, limit) = Paging {
        page: query.page,
        limit: query.limit,
    }
    .resolve()?;
    let (filter, (sort, descending)) = (query.filter(&app)?, query.sort()?);
    let (rows, total) = app
        .store
        .list_contacts(&filter, sort, descending, limit, (page - 1) * limit)
        .await?;
    Ok(Json(Page {
        items: rows.into_iter().map(ContactListItem::from).collect(),
        total,
        page,
        limit,
    }))
}

/// One contact: details, opt-out evidence, and what CloseBot collected.
#[utoipa::path(get,
    operation_id = "getContact", path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody)))]
pub async fn read(
    State(app): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ContactDetail>> {
    let contact = app
        .store
        .contact(&id)
        .await?
        .ok_or_else(|| ApiError::not_found("The contact"))?;
    let lead = app
        .leads
        .get(
            &app.closebot,
            &app.credentials,
            contact.closebot_lead_id.as_deref(),
            app.clock.now_ms(),
        )
        .await;
    Ok(Json(ContactDetail::new(&app, contact, lead)))
}

/// Fields to change; absent ones stay, `null` clears.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactChange {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub company: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub status: Option<String>,
}

fn nullable<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

impl ContactChange {
    pub fn checked(self) -> ApiResult<ContactEdit> {
        let text = |field: &str,
                    value: Option<Option<String>>,
                    max: usize|
         -> ApiResult<Option<Option<String>>> {
            match value.map(|v| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())) {
                Some(Some(v)) if v.chars().count() > max => Err(ApiError::validation(format!(
                    "{field} is longer than {max} characters"
                ))),
                other => Ok(other),
            }
        };
        let email = text("email", self.email, 254)?;
        if let Some(Some(address)) = &email {
            if !looks_like_email(address) {
                return Err(ApiError::validation(format!(
                    "email: `{address}` is not an email address"
                )));
            }
        }
        let tags = self.tags.map(clean_tags).transpose()?;
        if let Some(status) = &self.status {
            if !STATUSES.contains(&status.as_str()) {
                return Err(ApiError::validation(format!(
                    "status must be one of {}",
                    STATUSES.join(", ")
                )));
            }
        }
        Ok(ContactEdit {
            name: text("name", self.name, 200)?,
            email,
            company: text("company", self.company, 200)?,
            tags,
            status: self.status,
        })
    }
}

/// Trimmed, without blanks or repeats; at most 30 tags of 50 characters.
pub fn clean_tags(tags: Vec<String>) -> ApiResult<Vec<String>> {
    let mut clean: Vec<String> = Vec::new();
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if tag.chars().count() > 50 {
            return Err(ApiError::validation(format!(
                "tag `{tag}` is longer than 50 characters"
            )));
        }
        if !clean.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            clean.push(tag.to_owned());
        }
    }
    if clean.len() > 30 {
        return Err(ApiError::validation("at most 30 tags"));
    }
    Ok(clean)
}

/// Changes a contact's name, email, company, tags or status.
#[utoipa::path(put,
    operation_id = "updateContact", path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    request_body = ContactChange,
    responses((status = 200, body = ContactDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(app): State<AppState>,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<ContactChange>,
) -> ApiResult<Json<ContactDetail>> {
    let edit = change.checked()?;
    let now = app.clock.now_ms();
    let (contact, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.edit_contact(&id, &edit, now).await }))
        .await?;
    let contact = contact.ok_or_else(|| ApiError::not_found("The contact"))?;
    let lead = app
        .leads
        .get(
            &app.closebot,
            &app.credentials,
            contact.closebot_lead_id.as_deref(),
            now,
        )
        .await;
    Ok(Json(ContactDetail::new(&app, contact, lead)))
}

/// Deletes a contact with its messages (admins). An opted-out number stays
/// on the suppression list; a deleted contact who texts again starts fresh.
#[utoipa::path(delete,
    operation_id = "deleteContact", path = "/api/contacts/{id}", tag = "contacts", params(("id" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(app): State<AppState>,
    _admin: AdminUser,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let (deleted, _) = app
        .store
        .write(move |tx| Box::pin(async move { tx.delete_contact(&id).await }))
        .await?;
    if deleted {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found("The contact"))
    }
}
