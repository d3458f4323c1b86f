//! The conversation list: contacts with messages, newest activity first.

use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite};
use utoipa::ToSchema;

use super::search_text::SearchText;
use super::{Store, StoreResult};
use crate::domain::message::ConversationMode;

#[derive(Debug, Clone, Serialize, ToSchema, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct ConversationRow {
    pub contact_id: String,
    pub phone: String,
    pub name: Option<String>,
    pub status: String,
    #[sqlx(try_from = "String")]
    pub mode: ConversationMode,
    pub opted_out: bool,
    pub bot_name: Option<String>,
    pub last_message: Option<String>,
    #[serde(serialize_with = "crate::clock::serialize_opt_ms")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_message_at: Option<i64>,
    pub unread_count: i64,
}

/// Conversations of some routes: one route, or every route one CloseBot bot
/// answers. (Through routes, so one index on contacts serves both.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotFilter {
    pub route_ids: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub search: Option<String>,
    pub status: Option<String>,
    pub bot: Option<BotFilter>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

impl Store {
    pub async fn list_conversations(
        &self,
        filter: &ConversationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ConversationRow>, i64)> {
        let mut page = QueryBuilder::<Sqlite>::new(
            "SELECT c.id AS contact_id, c.phone, c.name, c.status, c.mode, c.opted_out_at IS NOT NULL AS opted_out,
             r.bot_name, c.last_message_preview AS last_message, c.last_message_at, c.unread_count
             FROM contacts c LEFT JOIN routes r ON r.id = c.assigned_route_id",
        );
        push_filter(&mut page, filter);
        page.push(" ORDER BY c.last_message_at DESC, c.id LIMIT ")
            .push_bind(limit)
            .push(" OFFSET ")
            .push_bind(offset);
        // No join here: the count can then come from an index alone.
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM contacts c");
        push_filter(&mut count, filter);
        // The page and the count run side by side on two reader connections.
        let (rows, total): (Vec<ConversationRow>, i64) = tokio::try_join!(
            page.build_query_as().fetch_all(&self.reader),
            count.build_query_scalar().fetch_one(&self.reader),
        )?;
        Ok((rows, total))
    }
}

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, filter: &ConversationFilter) {
    query.push(" WHERE c.last_message_at IS NOT NULL");
    if let Some(status) = &filter.status {
        query.push(" AND c.status = ").push_bind(status.clone());
    }
    if let Some(bot) = &filter.bot {
        query.push(" AND c.assigned_route_id IN (");
        let mut ids = query.separated(", ");
        for id in &bot.route_ids {
            ids.push_bind(id.clone());
        }
        // No route: nothing matches (an empty IN list is not SQL).
        if bot.route_ids.is_empty() {
            ids.push("NULL");
        }
        query.push(")");
    }
    if let Some(from) = filter.from_ms {
        query.push(" AND c.last_message_at >= ").push_bind(from);
    }
    if let Some(to) = filter.to_ms {
        query.push(" AND c.last_message_at <= ").push_bind(to);
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        query.push(" AND");
        SearchText::parse(search).push_contact_match(query, "c.id", "c.name");
    }
}
