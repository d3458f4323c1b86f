//! Contacts: the customers who text our numbers, with opt-out and takeover state.

use serde::Serialize;
use utoipa::ToSchema;

use super::engine::{on_engine, on_tx, Done};
use super::{json_column, Store, StoreError, StoreResult, Tx};
use crate::domain::ids::new_id;
use crate::domain::message::ConversationMode;
use crate::domain::phone::PhoneNumber;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: String,
    pub phone: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub company: Option<String>,
    pub status: String,
    pub mode: ConversationMode,
    pub opted_out: bool,
    #[serde(serialize_with = "crate::clock::serialize_opt_ms")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub opted_out_at: Option<i64>,
    /// The keyword that opted the contact out, or `twilio:21610` when Twilio refused a send.
    pub opt_out_keyword: Option<String>,
    pub opt_out_message_sid: Option<String>,
    pub closebot_lead_id: Option<String>,
    pub assigned_bot_id: Option<String>,
    pub assigned_route_id: Option<String>,
    pub tags: Vec<String>,
    #[schema(value_type = Object)]
    pub fields: serde_json::Value,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub first_contact: i64,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub last_contact: i64,
    pub message_count: i64,
    pub unread_count: i64,
    #[serde(serialize_with = "crate::clock::serialize_opt_ms")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_message_at: Option<i64>,
}

/// What a customer's first (or latest) inbound text tells us about them.
pub struct ContactUpsert<'a> {
    pub phone: &'a PhoneNumber,
    pub route_id: Option<&'a str>,
    pub bot_id: Option<&'a str>,
}

pub struct OptOutEvidence<'a> {
    pub keyword: &'a str,
    pub message_sid: Option<&'a str>,
    pub at_ms: i64,
}

const COLUMNS: &str = "id, phone, name, email, company, status, mode, opted_out_at, opt_out_keyword, opt_out_message_sid,
    closebot_lead_id, assigned_bot_id, assigned_route_id, tags, fields_json, first_contact, last_contact,
    message_count, unread_count, last_message_at";

#[derive(sqlx::FromRow, serde::Deserialize)]
pub(super) struct ContactRow {
    id: String,
    phone: String,
    name: Option<String>,
    email: Option<String>,
    company: Option<String>,
    status: String,
    mode: String,
    opted_out_at: Option<i64>,
    opt_out_keyword: Option<String>,
    opt_out_message_sid: Option<String>,
    closebot_lead_id: Option<String>,
    assigned_bot_id: Option<String>,
    assigned_route_id: Option<String>,
    tags: Option<String>,
    fields_json: Option<String>,
    first_contact: i64,
    last_contact: i64,
    message_count: i64,
    unread_count: i64,
    last_message_at: Option<i64>,
}

/// A SQL expression yielding contact `alias` as a JSON object of
/// `ContactRow`'s fields: lets another table's query bring its contact along.
/// `build` is the engine's function of key/value pairs: SQLite's `json_object`,
/// Postgres's `json_build_object` (cast to text by the caller).
pub(super) fn json_object_of(alias: &str, build: &str) -> String {
    let pairs: Vec<String> = COLUMNS
        .split(',')
        .map(str::trim)
        .map(|column| format!("'{column}', {alias}.{column}"))
        .collect();
    format!("{build}({})", pairs.join(", "))
}

impl TryFrom<ContactRow> for Contact {
    type Error = StoreError;
    fn try_from(r: ContactRow) -> StoreResult<Self> {
        Ok(Contact {
            tags: json_column(r.tags.as_deref(), "contacts.tags")?.unwrap_or_default(),
            fields: json_column(r.fields_json.as_deref(), "contacts.fields_json")?
                .unwrap_or_else(|| serde_json::json!({})),
            opted_out: r.opted_out_at.is_some(),
            id: r.id,
            phone: r.phone,
            name: r.name,
            email: r.email,
            company: r.company,
            status: r.status,
            mode: ConversationMode::try_from(r.mode).map_err(StoreError::Corrupt)?,
            opted_out_at: r.opted_out_at,
            opt_out_keyword: r.opt_out_keyword,
            opt_out_message_sid: r.opt_out_message_sid,
            closebot_lead_id: r.closebot_lead_id,
            assigned_bot_id: r.assigned_bot_id,
            assigned_route_id: r.assigned_route_id,
            first_contact: r.first_contact,
            last_contact: r.last_contact,
            message_count: r.message_count,
            unread_count: r.unread_count,
            last_message_at: r.last_message_at,
        })
    }
}

impl Store {
    /// Whether the contact with this phone (E.164) opted out.
    pub async fn phone_opted_out(&self, phone: &str) -> StoreResult<bool> {
        let opted: Option<bool> = on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT opted_out_at IS NOT NULL FROM contacts WHERE phone = $1"
        )
        .bind(phone)
        .fetch_optional(db)
        .await)?;
        Ok(opted.unwrap_or(false))
    }

    pub async fn contact(&self, id: &str) -> StoreResult<Option<Contact>> {
        let row: Option<ContactRow> = on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM contacts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        row.map(Contact::try_from).transpose()
    }
}

impl Tx {
    pub async fn contact(&mut self, id: &str) -> StoreResult<Option<Contact>> {
        let row: Option<ContactRow> = on_tx!(&mut self.inner, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM contacts WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        row.map(Contact::try_from).transpose()
    }

    pub async fn contact_by_phone(&mut self, phone: &str) -> StoreResult<Option<Contact>> {
        let row: Option<ContactRow> = on_tx!(&mut self.inner, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM contacts WHERE phone = $1"
        ))
        .bind(phone)
        .fetch_optional(db)
        .await)?;
        row.map(Contact::try_from).transpose()
    }

    /// Finds the contact for an inbound text, creating it on first contact and
    /// pointing it at the route that received the text. Returns `(contact, created)`.
    pub async fn upsert_inbound_contact(
        &mut self,
        input: ContactUpsert<'_>,
        now_ms: i64,
    ) -> StoreResult<(Contact, bool)> {
        // A number on the suppression list (its contact was deleted) starts opted out.
        let row: ContactRow = on_tx!(&mut self.inner, |db| {
            sqlx::query_as(&format!(
                "INSERT INTO contacts (id, phone, phone_digits, assigned_route_id, assigned_bot_id, first_contact,
                 last_contact, created_at, updated_at, opted_out_at, opt_out_keyword, opt_out_message_sid)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $6, $6,
                   (SELECT opted_out_at FROM suppressions WHERE phone = $2),
                   (SELECT keyword FROM suppressions WHERE phone = $2),
                   (SELECT message_sid FROM suppressions WHERE phone = $2))
                 ON CONFLICT(phone) DO UPDATE SET
                   assigned_route_id = COALESCE(excluded.assigned_route_id, contacts.assigned_route_id),
                   assigned_bot_id = COALESCE(excluded.assigned_bot_id, contacts.assigned_bot_id),
                   last_contact = excluded.last_contact, updated_at = excluded.updated_at
                 RETURNING {COLUMNS}"
            ))
            .bind(new_id())
            .bind(input.phone.as_str())
            .bind(input.phone.digits())
            .bind(input.route_id)
            .bind(input.bot_id)
            .bind(now_ms)
            .fetch_one(db)
            .await
        })?;
        let contact = Contact::try_from(row)?;
        // A contact with no message yet is new (created now, or imported).
        let created = contact.message_count == 0;
        Ok((contact, created))
    }

    pub async fn set_opted_out(
        &mut self,
        contact_id: &str,
        evidence: OptOutEvidence<'_>,
    ) -> StoreResult<()> {
        // The suppression list keeps the number and its evidence even if the
        // contact is deleted later.
        let sql = self.inner.kind().one_statement(
            "UPDATE contacts SET opted_out_at = $1, opt_out_keyword = $2, opt_out_message_sid = $3, updated_at = $1
             WHERE id = $4 AND opted_out_at IS NULL;
             INSERT INTO suppressions (phone, keyword, message_sid, opted_out_at)
             SELECT phone, $2, $3, $1 FROM contacts WHERE id = $4
             ON CONFLICT (phone) DO NOTHING",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql)
                .bind(evidence.at_ms)
                .bind(evidence.keyword)
                .bind(evidence.message_sid)
                .bind(contact_id)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    pub async fn clear_opt_out(&mut self, contact_id: &str, now_ms: i64) -> StoreResult<bool> {
        let changed = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE contacts SET opted_out_at = NULL, opt_out_keyword = NULL, opt_out_message_sid = NULL, updated_at = $1
                 WHERE id = $2 AND opted_out_at IS NOT NULL",
            )
            .bind(now_ms)
            .bind(contact_id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM suppressions WHERE phone = (SELECT phone FROM contacts WHERE id = $1)",
        )
        .bind(contact_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(changed.rows_affected() > 0)
    }

    /// Sets `bot`/`human` mode; true when it changed.
    pub async fn set_mode(
        &mut self,
        contact_id: &str,
        mode: ConversationMode,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE contacts SET mode = $1, updated_at = $2 WHERE id = $3 AND mode <> $4"
        )
        .bind(mode.as_str())
        .bind(now_ms)
        .bind(contact_id)
        .bind(mode.as_str())
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(changed.rows_affected() > 0)
    }

    pub async fn set_lead_id(
        &mut self,
        contact_id: &str,
        lead_id: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query("UPDATE contacts SET closebot_lead_id = $1, updated_at = $2 WHERE id = $3 AND closebot_lead_id IS DISTINCT FROM $4")
                .bind(lead_id)
                .bind(now_ms)
                .bind(contact_id)
                .bind(lead_id)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    pub async fn mark_read(&mut self, contact_id: &str) -> StoreResult<bool> {
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE contacts SET unread_count = 0 WHERE id = $1 AND unread_count > 0"
        )
        .bind(contact_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(changed.rows_affected() > 0)
    }

    /// Records that the after-hours reply went out for this closed period;
    /// false when it already had.
    pub async fn claim_after_hours_notice(
        &mut self,
        contact_id: &str,
        route_id: &str,
        period_opens_at: Option<i64>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let claimed = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO after_hours_notices (contact_id, route_id, period_opens_at, sent_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT(contact_id, route_id) DO UPDATE SET period_opens_at = excluded.period_opens_at,
                   sent_at = excluded.sent_at
                 WHERE after_hours_notices.period_opens_at IS DISTINCT FROM excluded.period_opens_at",
            )
            .bind(contact_id)
            .bind(route_id)
            .bind(period_opens_at)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(claimed.rows_affected() > 0)
    }
}
