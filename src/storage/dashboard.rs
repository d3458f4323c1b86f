//! Counts for the dashboard's stat cards and the top bar's global search.

use serde::Serialize;
use utoipa::ToSchema;

use super::{Store, StoreResult};

#[derive(Debug, Clone, Copy, Default)]
pub struct MessageCounts {
    pub inbound: i64,
    pub bot_replies: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct ContactHit {
    pub contact_id: String,
    pub phone: String,
    pub name: Option<String>,
    pub status: String,
    #[serde(serialize_with = "crate::clock::serialize_opt_ms")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_message_at: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct MessageHit {
    #[serde(serialize_with = "super::messages::serialize_id")]
    #[schema(value_type = String)]
    pub message_id: i64,
    pub contact_id: String,
    pub phone: String,
    pub name: Option<String>,
    pub body: String,
    pub direction: String,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: i64,
}

impl Store {
    /// Contacts with a message since `since_ms`.
    pub async fn active_conversations(&self, since_ms: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM contacts WHERE last_message_at >= ?")
                .bind(since_ms)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    pub async fn messages_since(&self, since_ms: i64) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE created_at >= ?")
                .bind(since_ms)
                .fetch_one(&self.reader)
                .await?,
        )
    }

    pub async fn message_counts_since(&self, since_ms: i64) -> StoreResult<MessageCounts> {
        let (inbound, bot_replies): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT SUM(direction = 'inbound'), SUM(source = 'bot' AND (twilio_status IS NULL OR twilio_status <> 'canceled'))
             FROM messages WHERE created_at >= ?",
        )
        .bind(since_ms)
        .fetch_one(&self.reader)
        .await?;
        Ok(MessageCounts {
            inbound: inbound.unwrap_or(0),
            bot_replies: bot_replies.unwrap_or(0),
        })
    }

    /// Contacts by name or phone digits, most recently active first.
    pub async fn search_contacts(&self, text: &str, limit: i64) -> StoreResult<Vec<ContactHit>> {
        let digits = crate::domain::phone::digits_only(text);
        let digits_pattern = if digits.len() >= 3 {
            format!("%{digits}%")
        } else {
            String::from("\u{0}")
        };
        Ok(sqlx::query_as(
            "SELECT id AS contact_id, phone, name, status, last_message_at FROM contacts
             WHERE name LIKE ? ESCAPE '\\' OR phone_digits LIKE ?
             ORDER BY last_message_at DESC LIMIT ?",
        )
        .bind(format!(
            "%{}%",
            super::conversations::escape_like(text.trim())
        ))
        .bind(digits_pattern)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }

    /// Messages containing every word of `text`, newest first.
    pub async fn search_messages(&self, text: &str, limit: i64) -> StoreResult<Vec<MessageHit>> {
        let Some(query) = super::conversations::fts_query(text) else {
            return Ok(Vec::new());
        };
        Ok(sqlx::query_as(
            "SELECT m.id AS message_id, m.contact_id, c.phone, c.name, m.body, m.direction, m.created_at
             FROM messages_fts f JOIN messages m ON m.id = f.rowid JOIN contacts c ON c.id = m.contact_id
             WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT ?",
        )
        .bind(query)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?)
    }
}
