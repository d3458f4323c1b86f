//! The conversation list: contacts with messages, newest activity first.

use serde::Serialize;
use sqlx::{Database, Encode, QueryBuilder, Type};
use utoipa::ToSchema;

use super::engine::on_engine;
use super::list_plan::ListPlan;
use super::search_text::SearchText;
use super::{Store, StoreError, StoreResult};
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
    /// The conversation's route was deleted (its messages are kept).
    pub route_deleted: bool,
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

/// A page row with the size of the whole filtered list beside it.
#[derive(sqlx::FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: ConversationRow,
    total: i64,
}

const PAGE_COLUMNS: &str = "SELECT c.id AS contact_id, c.phone, c.name, c.status, c.mode,
     c.opted_out_at IS NOT NULL AS opted_out, r.bot_name,
     r.deleted_at IS NOT NULL AS route_deleted, c.last_message_preview AS last_message,
     c.last_message_at, c.unread_count";

impl Store {
    pub async fn list_conversations(
        &self,
        filter: &ConversationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ConversationRow>, i64)> {
        if filter.has_search() {
            return self.search_conversations(filter, limit, offset).await;
        }
        if filter.status.is_some() {
            // A status is shared by thousands or by a handful: the count says
            // whether to walk the recency index or sort the few (ListPlan).
            let total = self.count_conversations(filter).await?;
            let rows = on_engine!(&self.engine, |db| {
                page_query(filter, ListPlan::for_matches(total), limit, offset)
                    .build_query_as()
                    .fetch_all(db)
                    .await
            })?;
            return Ok((rows, total));
        }
        // The page and the count run side by side on two reader connections;
        // without the join, the count comes from an index alone.
        let (rows, total): (Vec<ConversationRow>, i64) = on_engine!(&self.engine, |db| {
            let mut page = page_query(filter, ListPlan::ByFilters, limit, offset);
            tokio::try_join!(
                async { Ok::<_, StoreError>(page.build_query_as().fetch_all(db).await?) },
                self.count_conversations(filter),
            )
        })?;
        Ok((rows, total))
    }

    /// A search finds its contacts once, for the page and the total together:
    /// a common word's matches are the expensive part, not the rows.
    async fn search_conversations(
        &self,
        filter: &ConversationFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ConversationRow>, i64)> {
        let counted: Vec<CountedRow> = on_engine!(&self.engine, |db| {
            let mut page = QueryBuilder::new(PAGE_COLUMNS);
            page.push(
                ", COUNT(*) OVER () AS total FROM contacts c LEFT JOIN routes r ON r.id = c.assigned_route_id",
            );
            push_filter(&mut page, filter, ListPlan::ByFilters);
            push_order_and_page(&mut page, limit, offset);
            page.build_query_as().fetch_all(db).await
        })?;
        let total = match counted.first() {
            Some(first) => first.total,
            // A page past the end carries no total with it.
            None if offset > 0 => self.count_conversations(filter).await?,
            None => 0,
        };
        Ok((counted.into_iter().map(|c| c.row).collect(), total))
    }

    async fn count_conversations(&self, filter: &ConversationFilter) -> StoreResult<i64> {
        Ok(on_engine!(&self.engine, |db| {
            let mut count = QueryBuilder::new("SELECT COUNT(*) FROM contacts c");
            push_filter(&mut count, filter, ListPlan::ByFilters);
            count.build_query_scalar().fetch_one(db).await
        })?)
    }
}

impl ConversationFilter {
    fn search_text(&self) -> Option<&str> {
        self.search
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn has_search(&self) -> bool {
        self.search_text().is_some()
    }
}

/// The page of the list without a search.
fn page_query<'a, DB: Database>(
    filter: &'a ConversationFilter,
    plan: ListPlan,
    limit: i64,
    offset: i64,
) -> QueryBuilder<'a, DB>
where
    String: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
{
    let mut page = QueryBuilder::new(PAGE_COLUMNS);
    page.push(" FROM contacts c LEFT JOIN routes r ON r.id = c.assigned_route_id");
    push_filter(&mut page, filter, plan);
    push_order_and_page(&mut page, limit, offset);
    page
}

fn push_order_and_page<'a, DB: Database>(query: &mut QueryBuilder<'a, DB>, limit: i64, offset: i64)
where
    i64: Encode<'a, DB> + Type<DB>,
{
    query
        .push(" ORDER BY c.last_message_at DESC, c.id LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
}

fn push_filter<'a, DB: Database>(
    query: &mut QueryBuilder<'a, DB>,
    filter: &ConversationFilter,
    plan: ListPlan,
) where
    String: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
{
    query.push(" WHERE c.last_message_at IS NOT NULL");
    if let Some(status) = &filter.status {
        query
            .push(format!(" AND {} = ", plan.filter_column::<DB>("c.status")))
            .push_bind(status.clone());
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
    if let Some(search) = filter.search_text() {
        query.push(" AND");
        SearchText::parse(search).push_contact_match(query, "c.id", "c.name");
    }
}
