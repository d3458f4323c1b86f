//! What the contacts API answers (rows are mapped here, not serialised as
//! they are stored).

use serde::Serialize;
use utoipa::ToSchema;

use crate::app_state::AppState;
use crate::clock::to_rfc3339;
use crate::insights::leads::LeadInsight;
use crate::storage::{Contact, ContactListRow};

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactListItem {
    pub id: String,
    #[schema(required = true)]
    pub name: Option<String>,
    pub phone: String,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    /// The bot of the contact's route.
    #[schema(required = true)]
    pub bot_name: Option<String>,
    pub status: String,
    /// Messages exchanged, in and out.
    pub message_count: i64,
    /// RFC 3339.
    pub last_contact: String,
    pub tags: Vec<String>,
    pub opted_out: bool,
}

pub fn tags_of(raw: Option<&str>) -> Vec<String> {
    raw.and_then(|t| serde_json::from_str(t).ok())
        .unwrap_or_default()
}

impl From<ContactListRow> for ContactListItem {
    fn from(r: ContactListRow) -> Self {
        Self {
            tags: tags_of(r.tags.as_deref()),
            id: r.id,
            name: r.name,
            phone: r.phone,
            email: r.email,
            company: r.company,
            bot_name: r.bot_name,
            status: r.status,
            message_count: r.message_count,
            last_contact: to_rfc3339(r.last_contact),
            opted_out: r.opted_out,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ContactDetail {
    pub id: String,
    #[schema(required = true)]
    pub name: Option<String>,
    pub phone: String,
    #[schema(required = true)]
    pub email: Option<String>,
    #[schema(required = true)]
    pub company: Option<String>,
    pub status: String,
    pub tags: Vec<String>,
    /// The contact's own fields (from imports): name → value.
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
    /// When, how and from which message they opted out; `null` when they did not.
    #[schema(required = true)]
    pub opt_out: Option<OptOutView>,
    #[schema(required = true)]
    pub route_id: Option<String>,
    #[schema(required = true)]
    pub bot_name: Option<String>,
    pub message_count: i64,
    /// RFC 3339.
    pub first_contact: String,
    pub last_contact: String,
    /// What CloseBot collected (its lead's fields and tags), or why not.
    pub lead: LeadInsight,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OptOutView {
    /// The keyword (STOP…), or `twilio:21610` when Twilio refused a send.
    #[schema(required = true)]
    pub keyword: Option<String>,
    #[schema(required = true)]
    pub message_sid: Option<String>,
    /// RFC 3339.
    pub at: String,
}

impl ContactDetail {
    pub fn new(app: &AppState, c: Contact, lead: LeadInsight) -> Self {
        let bot_name = c
            .assigned_route_id
            .as_deref()
            .and_then(|id| app.store.route_even_deleted(id))
            .and_then(|r| r.bot_name);
        Self {
            opt_out: c.opted_out_at.map(|at| OptOutView {
                keyword: c.opt_out_keyword.clone(),
                message_sid: c.opt_out_message_sid.clone(),
                at: to_rfc3339(at),
            }),
            id: c.id,
            name: c.name,
            phone: c.phone,
            email: c.email,
            company: c.company,
            status: c.status,
            tags: c.tags,
            fields: c.fields,
            route_id: c.assigned_route_id,
            bot_name,
            message_count: c.message_count,
            first_contact: to_rfc3339(c.first_contact),
            last_contact: to_rfc3339(c.last_contact),
            lead,
        }
    }
}
