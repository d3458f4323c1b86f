//! Sorting contacts by bot name. The name lives on the route, and SQLite
//! cannot walk an index across that join, so a page would sort all 100,000
//! contacts. Routes are few: count the filtered contacts per route, order
//! the routes by bot name, and read the page from the one or two routes it
//! falls in, each an index walk on `(assigned_route_id, id)`.

use sqlx::{Database, Encode, QueryBuilder, Type};

use super::{forward_rows, push_filter, ContactFilter, ContactListRow, ContactSort, COLUMNS};
use crate::storage::engine::on_engine;
use crate::storage::list_plan::ListPlan;
use crate::storage::{Store, StoreResult};

/// The contacts of one route (or of none) that the filter selects.
#[derive(Debug, Clone, sqlx::FromRow)]
struct RouteGroup {
    route_id: Option<String>,
    bot_name: Option<String>,
    contacts: i64,
}

impl Store {
    pub(super) async fn list_contacts_by_bot(
        &self,
        filter: &ContactFilter,
        descending: bool,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<ContactListRow>, i64)> {
        let groups = self.route_groups(filter, descending).await?;
        let total = groups.iter().map(|g| g.contacts).sum();
        let (mut rows, mut skip) = (Vec::new(), offset.max(0));
        for group in groups {
            let wanted = limit - rows.len() as i64;
            if wanted <= 0 {
                break;
            }
            if skip >= group.contacts {
                skip -= group.contacts;
                continue;
            }
            let page: Vec<ContactListRow> = on_engine!(&self.engine, |db| {
                let mut query = group_query(filter, &group, descending);
                query
                    .push(" LIMIT ")
                    .push_bind(wanted)
                    .push(" OFFSET ")
                    .push_bind(skip);
                query.build_query_as().fetch_all(db).await
            })?;
            rows.extend(page);
            skip = 0;
        }
        Ok((rows, total))
    }

    pub(super) async fn stream_contacts_by_bot(
        &self,
        filter: ContactFilter,
        descending: bool,
        send: tokio::sync::mpsc::Sender<StoreResult<ContactListRow>>,
    ) {
        let groups = match self.route_groups(&filter, descending).await {
            Ok(groups) => groups,
            Err(error) => {
                let _ = send.send(Err(error)).await;
                return;
            }
        };
        for group in groups {
            let sent = on_engine!(&self.engine, |db| {
                let mut query = group_query(&filter, &group, descending);
                forward_rows(query.build_query_as::<ContactListRow>().fetch(db), &send).await
            });
            if !sent {
                return;
            }
        }
    }

    /// The routes holding selected contacts, in the page's order: by bot
    /// name (case-insensitive), routes without a bot name next, contacts
    /// without a route last, whatever the direction.
    async fn route_groups(
        &self,
        filter: &ContactFilter,
        descending: bool,
    ) -> StoreResult<Vec<RouteGroup>> {
        let mut groups: Vec<RouteGroup> = on_engine!(&self.engine, |db| {
            let mut query = QueryBuilder::new(
                "SELECT g.route_id, r.bot_name, g.contacts FROM (SELECT c.assigned_route_id AS route_id, COUNT(*) AS contacts
                 FROM contacts c",
            );
            push_filter(&mut query, filter, ListPlan::ByFilters, None);
            query.push(" GROUP BY c.assigned_route_id) g LEFT JOIN routes r ON r.id = g.route_id");
            query.build_query_as().fetch_all(db).await
        })?;
        groups.sort_by(|a, b| {
            let rank = |g: &RouteGroup| (g.route_id.is_none(), g.bot_name.is_none());
            let key = |g: &RouteGroup| {
                (
                    g.bot_name.as_deref().map(str::to_lowercase),
                    g.route_id.clone(),
                )
            };
            let by_key = key(a).cmp(&key(b));
            rank(a)
                .cmp(&rank(b))
                .then(if descending { by_key.reverse() } else { by_key })
        });
        Ok(groups)
    }
}

fn group_query<'a, DB: Database>(
    filter: &'a ContactFilter,
    group: &'a RouteGroup,
    descending: bool,
) -> QueryBuilder<'a, DB>
where
    String: Encode<'a, DB> + Type<DB>,
    i64: Encode<'a, DB> + Type<DB>,
    &'a str: Encode<'a, DB> + Type<DB>,
{
    // The route's own index drives, unless its matches are few.
    let plan = ListPlan::for_matches(group.contacts);
    let mut query = QueryBuilder::new(COLUMNS);
    push_filter(&mut query, filter, plan, Some(ContactSort::Bot));
    match &group.route_id {
        Some(route) => query
            .push(" AND c.assigned_route_id = ")
            .push_bind(route.as_str()),
        None => query.push(" AND c.assigned_route_id IS NULL"),
    };
    query.push(if descending {
        " ORDER BY c.id DESC"
    } else {
        " ORDER BY c.id ASC"
    });
    query
}
