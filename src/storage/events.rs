//! The activity log behind the dashboard's live feed.

use serde::{Deserialize, Serialize};

use super::engine::{on_engine, on_tx, TxConn};
use super::{Store, StoreResult, Tx};
use crate::domain::events::EventData;

/// A stored activity event; its id is the SSE event id.
#[derive(Debug, Clone)]
pub struct Event {
    pub id: i64,
    pub route_id: Option<String>,
    /// The route's bot at the time, when known.
    pub bot_name: Option<String>,
    pub data: EventData,
    pub created_at: i64,
}

impl Event {
    pub fn kind(&self) -> &'static str {
        self.data.kind()
    }
}

pub struct NewEvent {
    pub route_id: Option<String>,
    pub bot_name: Option<String>,
    pub data: EventData,
}

/// `data_json`: the event's payload with the bot name beside it.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredData {
    #[serde(flatten)]
    data: EventData,
    #[serde(default)]
    bot_name: Option<String>,
}

type EventRow = (i64, Option<String>, String, i64);

/// A row whose payload this version cannot read is skipped (and logged):
/// one odd row must not stop a dashboard's feed.
fn event_from_row((id, route_id, data, created_at): EventRow) -> Option<Event> {
    match serde_json::from_str::<StoredData>(&data) {
        Ok(stored) => Some(Event {
            id,
            route_id,
            bot_name: stored.bot_name,
            data: stored.data,
            created_at,
        }),
        Err(e) => {
            tracing::warn!(event = id, error = %e, "skipped an event whose data cannot be read");
            None
        }
    }
}

impl Store {
    /// Events after `after_id`, oldest first (for SSE resumption).
    pub async fn events_after(&self, after_id: i64, limit: i64) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT id, route_id, data_json, created_at FROM events WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after_id)
            .bind(limit)
            .fetch_all(db)
            .await
        })?;
        Ok(rows.into_iter().filter_map(event_from_row).collect())
    }

    /// The latest events, newest first, optionally only of some types.
    pub async fn recent_events(
        &self,
        limit: i64,
        before_id: Option<i64>,
        types: &[String],
    ) -> StoreResult<Vec<Event>> {
        let mut sql =
            String::from("SELECT id, route_id, data_json, created_at FROM events WHERE id < $1");
        if !types.is_empty() {
            let list: Vec<String> = (2..types.len() + 2).map(|n| format!("${n}")).collect();
            sql.push_str(&format!(" AND type IN ({})", list.join(", ")));
        }
        sql.push_str(&format!(" ORDER BY id DESC LIMIT ${}", types.len() + 2));
        let rows: Vec<EventRow> = on_engine!(&self.engine, |db| {
            let mut query = sqlx::query_as(&sql).bind(before_id.unwrap_or(i64::MAX));
            for t in types {
                query = query.bind(t);
            }
            query.bind(limit).fetch_all(db).await
        })?;
        Ok(rows.into_iter().filter_map(event_from_row).collect())
    }

    pub async fn last_event_id(&self) -> StoreResult<i64> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COALESCE(MAX(id), 0) FROM events"
        )
        .fetch_one(db)
        .await)?)
    }
}

/// An event recorded by an operation, written with the rest of its group
/// commit in one statement.
pub(super) struct PendingEvent {
    pub event: NewEvent,
    pub created_at: i64,
}

/// Inserts pending events in order; returns them with their ids.
pub(super) async fn insert_all(
    conn: &mut TxConn,
    pending: Vec<PendingEvent>,
) -> StoreResult<Vec<Event>> {
    // 5 values per row, well under SQLite's 32766 variables per statement.
    const ROWS_PER_STATEMENT: usize = 1000;
    let mut stored = Vec::with_capacity(pending.len());
    let mut rows = pending.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<PendingEvent> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        let mut ids: Vec<i64> = on_tx!(&mut *conn, |db| {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO events (type, contact_id, route_id, data_json, created_at) ",
            );
            insert.push_values(&chunk, |mut row, p| {
                let stored = StoredData {
                    data: p.event.data.clone(),
                    bot_name: p.event.bot_name.clone(),
                };
                row.push_bind(p.event.data.kind())
                    .push_bind(p.event.data.subject().contact_id.clone())
                    .push_bind(p.event.route_id.clone())
                    .push_bind(serde_json::to_string(&stored).expect("events always serialise"))
                    .push_bind(p.created_at);
            });
            insert.push(" RETURNING id");
            insert.build_query_scalar().fetch_all(db).await
        })?;
        // One statement from the only writer: the ids are consecutive, in row order.
        ids.sort_unstable();
        stored.extend(chunk.into_iter().zip(ids).map(|(p, id)| Event {
            id,
            route_id: p.event.route_id,
            bot_name: p.event.bot_name,
            data: p.event.data,
            created_at: p.created_at,
        }));
    }
    Ok(stored)
}

impl Tx {
    pub async fn last_event_id(&mut self) -> StoreResult<i64> {
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT COALESCE(MAX(id), 0) FROM events"
        )
        .fetch_one(db)
        .await)?)
    }

    /// Logs an event; it is stored with the transaction's commit and
    /// broadcast once durable.
    pub async fn record_event(&mut self, event: NewEvent, now_ms: i64) -> StoreResult<()> {
        self.events.push(PendingEvent {
            event,
            created_at: now_ms,
        });
        Ok(())
    }
}
