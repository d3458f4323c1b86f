//! The conversation list: contacts with messages, newest activity first.

use serde::Serialize;
use sqlx::{QueryBuilder, Sqlite};
use utoipa::ToSchema;

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

#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    pub search: Option<String>,
    pub status: Option<String>,
    /// A CloseBot bot id or one of our route ids.
    pub bot: Option<String>,
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
        let rows: Vec<ConversationRow> = page.build_query_as().fetch_all(&self.reader).await?;

        let total = if offset == 0 && (rows.len() as i64) < limit {
            rows.len() as i64
        } else {
            let mut count = QueryBuilder::<Sqlite>::new(
                "SELECT COUNT(*) FROM contacts c LEFT JOIN routes r ON r.id = c.assigned_route_id",
            );
            push_filter(&mut count, filter);
            count.build_query_scalar().fetch_one(&self.reader).await?
        };
        Ok((rows, total))
    }
}

fn push_filter(query: &mut QueryBuilder<'_, Sqlite>, filter: &ConversationFilter) {
    query.push(" WHERE c.last_message_at IS NOT NULL");
    if let Some(status) = &filter.status {
        query.push(" AND c.status = ").push_bind(status.clone());
    }
    if let Some(bot) = &filter.bot {
        query
            .push(" AND (c.assigned_bot_id = ")
            .push_bind(bot.clone())
            .push(" OR c.assigned_route_id = ")
            .push_bind(bot.clone())
            .push(")");
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
        push_search(query, search);
    }
}

/// Name (substring), phone (by digits, any formatting) or words in any message.
fn push_search(query: &mut QueryBuilder<'_, Sqlite>, search: &str) {
    let pattern = format!("%{}%", escape_like(search));
    query
        .push(" AND (c.name LIKE ")
        .push_bind(pattern)
        .push(" ESCAPE '\\'");
    let digits = crate::domain::phone::digits_only(search);
    if digits.len() >= 3
        && digits.len() * 2 >= search.chars().filter(|c| !c.is_whitespace()).count()
    {
        query
            .push(" OR c.phone_digits LIKE ")
            .push_bind(format!("%{digits}%"));
    }
    if let Some(fts) = fts_query(search) {
        query
            .push(
                " OR c.id IN (SELECT m.contact_id FROM messages m WHERE m.id IN
                  (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ",
            )
            .push_bind(fts)
            .push("))");
    }
    query.push(")");
}

pub(super) fn escape_like(raw: &str) -> String {
    raw.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// User text to an FTS5 query: every word must appear (prefix match), and no
/// FTS syntax from the user is interpreted.
pub(super) fn fts_query(search: &str) -> Option<String> {
    let words: Vec<String> = search
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{w}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_quote_words_and_drop_syntax() {
        assert_eq!(
            fts_query("book a demo").unwrap(),
            "\"book\"* \"a\"* \"demo\"*"
        );
        assert_eq!(
            fts_query("NEAR(\"x\" OR y)*").unwrap(),
            "\"NEAR\"* \"x\"* \"OR\"* \"y\"*"
        );
        assert_eq!(fts_query("+-()"), None);
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
    }
}
