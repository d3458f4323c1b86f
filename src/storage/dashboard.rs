//! Counts for the dashboard's stat cards and the top bar's global search.

use serde::Serialize;
use utoipa::ToSchema;

use sqlx::QueryBuilder;

use super::engine::{on_engine, Kind};
use super::search_text::SearchText;
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
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM contacts WHERE last_message_at >= $1"
        )
        .bind(since_ms)
        .fetch_one(db)
        .await)?)
    }

    pub async fn messages_since(&self, since_ms: i64) -> StoreResult<i64> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE created_at >= $1"
        )
        .bind(since_ms)
        .fetch_one(db)
        .await)?)
    }

    /// Inbound texts and bot replies since the start of the hour holding `since_ms`.
    pub async fn message_counts_since(&self, since_ms: i64) -> StoreResult<MessageCounts> {
        let (inbound, bot_replies): (Option<i64>, Option<i64>) = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT CAST(SUM(inbound) AS BIGINT), CAST(SUM(bot_replies) AS BIGINT) FROM message_counts_hourly WHERE hour_start >= $1",
            )
            .bind(since_ms - since_ms.rem_euclid(3_600_000))
            .fetch_one(db)
            .await
        })?;
        Ok(MessageCounts {
            inbound: inbound.unwrap_or(0),
            bot_replies: bot_replies.unwrap_or(0),
        })
    }

    /// Contacts by name or phone digits, most recently active first.
    pub async fn search_contacts(&self, text: &str, limit: i64) -> StoreResult<Vec<ContactHit>> {
        // Names and phones only: the message hits come from `search_messages`.
        let search = SearchText::parse(text).without_words();
        // Contacts never texted last, as SQLite orders NULL (Postgres's DESC puts them first).
        let nulls_last = match self.engine.kind() {
            Kind::Sqlite => "",
            Kind::Postgres => " NULLS LAST",
        };
        Ok(on_engine!(&self.engine, |db| {
            let mut query = QueryBuilder::new(
                "SELECT c.id AS contact_id, c.phone, c.name, c.status, c.last_message_at FROM contacts c WHERE",
            );
            search.push_contact_match(&mut query, "c.id", "c.name");
            query
                .push(format!(
                    " ORDER BY c.last_message_at DESC{nulls_last} LIMIT "
                ))
                .push_bind(limit);
            query.build_query_as().fetch_all(db).await
        })?)
    }

    /// Messages containing every word of `text`, newest first.
    pub async fn search_messages(&self, text: &str, limit: i64) -> StoreResult<Vec<MessageHit>> {
        let Some(words) = SearchText::parse(text).words(self.engine.kind()) else {
            return Ok(Vec::new());
        };
        // The newest matches first, from each engine's word index.
        let sql = match self.engine.kind() {
            Kind::Sqlite => {
                "SELECT m.id AS message_id, m.contact_id, c.phone, c.name, m.body, m.direction, m.created_at
             FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH $1 ORDER BY rowid DESC LIMIT $2) f
             JOIN messages m ON m.id = f.rowid JOIN contacts c ON c.id = m.contact_id
             ORDER BY m.id DESC"
            }
            // The matches first, through `messages_body_words`: with the
            // order and limit beside the match, the planner walks the
            // primary key backwards for a rare word's few rows, reading the
            // whole table (it cannot tell a rare prefix from a common one).
            Kind::Postgres => {
                "WITH hits AS MATERIALIZED
               (SELECT id FROM messages WHERE to_tsvector('simple', body) @@ to_tsquery('simple', $1))
             SELECT m.id AS message_id, m.contact_id, c.phone, c.name, m.body, m.direction, m.created_at
             FROM (SELECT id FROM hits ORDER BY id DESC LIMIT $2) f
             JOIN messages m ON m.id = f.id JOIN contacts c ON c.id = m.contact_id
             ORDER BY m.id DESC"
            }
        };
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(sql)
            .bind(&words)
            .bind(limit)
            .fetch_all(db)
            .await)?)
    }
}
