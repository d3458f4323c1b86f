//! The contacts list: filtered, sorted and paged in SQL, and the same
//! selection streamed for a CSV export. Every sort walks an index
//! (migration 0007), so a page costs its 50 rows, not a scan of 100,000
//! contacts; sorting by bot walks one route at a time (`by_bot`).

mod by_bot;

use futures_util::StreamExt;
use sqlx::{Database, Encode, QueryBuilder, Type};

use super::engine::{on_engine, Kind};

use super::conversations::BotFilter;
use super::list_plan::ListPlan;
use super::search_text::SearchText;
use super::{Store, StoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactSort {
    Name,
    Phone,
    Bot,
    Status,
    Messages,
    LastContact,
}

#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    pub search: Option<String>,
    /// Any of these statuses (empty: all).
    pub statuses: Vec<String>,
    pub bot: Option<BotFilter>,
    /// Last contact from / to (epoch ms, inclusive).
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactListRow {
    pub id: String,
    pub name: Option<String>,
    pub phone: String,
    pub email: Option<String>,
    pub company: Option<String>,
    pub bot_name: Option<String>,
    pub status: String,
    pub message_count: i64,
    pub last_contact: i64,
    /// JSON array text.
    pub tags: Option<String>,
    pub fields_json: Option<String>,
    pub opted_out: bool,
}

const COLUMNS: &str =
    "SELECT c.id, c.name, c.phone, c.email, c.company, r.bot_name, c.status, c.message_count,
    c.last_contact, c.tags, c.fields_json, c.opted_out_at IS NOT NULL AS opted_out
    FROM contacts c LEFT JOIN routes r ON r.id = c.assigned_route_id";

impl Store {
    pub async fn list_contacts(
        &self,
        filter: &ContactFilter,
        sort: ContactSort,
        descending: bool,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ContactListRow>, i64)> {
        if sort == ContactSort::Bot {
            return self
                .list_contacts_by_bot(filter, descending, limit, offset)
                .await;
        }
        Ok(on_engine!(&self.engine, |db| {
            let mut count = QueryBuilder::new("SELECT COUNT(*) FROM contacts c");
            push_filter(&mut count, filter, ListPlan::ByFilters, None);
            let count = count.build_query_scalar::<i64>();
            let page_by = |plan| {
                let mut page = QueryBuilder::new(COLUMNS);
                push_filter(&mut page, filter, plan, Some(sort));
                push_order(&mut page, sort, descending);
                page.push(" LIMIT ")
                    .push_bind(limit)
                    .push(" OFFSET ")
                    .push_bind(offset);
                page
            };
            if !filter.has_indexed_terms() {
                // Nothing for the planner to prefer over the sort index.
                let mut page = page_by(ListPlan::ByFilters);
                tokio::try_join!(
                    page.build_query_as::<ContactListRow>().fetch_all(db),
                    count.fetch_one(db),
                )?
            } else {
                let total = count.fetch_one(db).await?;
                let rows = page_by(ListPlan::for_matches(total))
                    .build_query_as::<ContactListRow>()
                    .fetch_all(db)
                    .await?;
                (rows, total)
            }
        }))
    }

    /// Every contact the filter selects, in order, as a channel the caller
    /// drains at its own pace (an export of a million rows stays small).
    pub fn stream_contacts(
        &self,
        filter: ContactFilter,
        sort: ContactSort,
        descending: bool,
    ) -> tokio::sync::mpsc::Receiver<StoreResult<ContactListRow>> {
        let (send, receive) = tokio::sync::mpsc::channel(256);
        let store = self.clone();
        tokio::spawn(async move {
            if sort == ContactSort::Bot {
                return store.stream_contacts_by_bot(filter, descending, send).await;
            }
            // Walking the sort index streams without sorting everything first.
            on_engine!(&store.engine, |db| {
                let mut query = QueryBuilder::new(COLUMNS);
                push_filter(&mut query, &filter, ListPlan::BySortIndex, Some(sort));
                push_order(&mut query, sort, descending);
                forward_rows(query.build_query_as::<ContactListRow>().fetch(db), &send).await;
            });
        });
        receive
    }
}

/// Sends rows until they run out or the receiver is gone; false when it is gone.
async fn forward_rows(
    mut rows: impl futures_util::Stream<Item = Result<ContactListRow, sqlx::Error>> + Unpin,
    send: &tokio::sync::mpsc::Sender<StoreResult<ContactListRow>>,
) -> bool {
    while let Some(row) = rows.next().await {
        if send.send(row.map_err(Into::into)).await.is_err() {
            return false; // The client went away.
        }
    }
    true
}

impl ContactFilter {
    /// Status, bot or date terms: what the planner could take an index for.
    fn has_indexed_terms(&self) -> bool {
        !self.statuses.is_empty()
            || self.bot.is_some()
            || self.from_ms.is_some()
            || self.to_ms.is_some()
    }
}

/// The filter's terms. `sort` is the page's order: a date range on the
/// column it sorts by stays indexed whatever the plan (it is the sort index).
fn push_filter<'a, DB: Database>(
    query: &mut QueryBuilder<'a, DB>,
    filter: &ContactFilter,
    plan: ListPlan,
    sort: Option<ContactSort>,
) where
    String: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
{
    query.push(" WHERE TRUE");
    if let Some(search) = filter.search.as_deref().filter(|s| !s.trim().is_empty()) {
        query.push(" AND");
        SearchText::for_contacts(search).push_contact_match(
            query,
            &plan.filter_column::<DB>("c.id"),
            "c.name",
        );
    }
    if !filter.statuses.is_empty() {
        query.push(format!(
            " AND {} IN (",
            plan.filter_column::<DB>("c.status")
        ));
        let mut list = query.separated(", ");
        for status in &filter.statuses {
            list.push_bind(status.clone());
        }
        query.push(")");
    }
    if let Some(bot) = &filter.bot {
        if bot.route_ids.is_empty() {
            query.push(" AND FALSE");
        } else {
            let column = plan.filter_column::<DB>("c.assigned_route_id");
            query.push(format!(" AND {column} IN ("));
            let mut list = query.separated(", ");
            for id in &bot.route_ids {
                list.push_bind(id.clone());
            }
            query.push(")");
        }
    }
    let dates = match sort {
        Some(ContactSort::LastContact) => "c.last_contact".to_owned(),
        _ => plan.filter_column::<DB>("c.last_contact"),
    };
    if let Some(from) = filter.from_ms {
        query.push(format!(" AND {dates} >= ")).push_bind(from);
    }
    if let Some(to) = filter.to_ms {
        query.push(format!(" AND {dates} <= ")).push_bind(to);
    }
}

fn push_order<DB: Database>(query: &mut QueryBuilder<'_, DB>, sort: ContactSort, descending: bool) {
    let direction = if descending { "DESC" } else { "ASC" };
    // Nulls last whatever the direction, and the id breaks ties so pages
    // never overlap.
    let nocase = |column| Kind::of::<DB>().nocase(column);
    let key = match sort {
        ContactSort::Name => format!("c.name IS NULL, {}", nocase("c.name")),
        ContactSort::Phone => "c.phone".to_owned(),
        // Paged one route at a time instead (by_bot); this order is its fallback.
        ContactSort::Bot => format!("r.bot_name IS NULL, {}", nocase("r.bot_name")),
        ContactSort::Status => "c.status".to_owned(),
        ContactSort::Messages => "c.message_count".to_owned(),
        ContactSort::LastContact => "c.last_contact".to_owned(),
    };
    let key = key
        .split(", ")
        .map(|part| {
            if part.ends_with("IS NULL") {
                part.to_owned()
            } else {
                format!("{part} {direction}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    query.push(format!(" ORDER BY {key}, c.id {direction}"));
}
