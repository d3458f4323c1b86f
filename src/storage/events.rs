//! The activity log behind the dashboard's live feed.

use serde::Serialize;
use utoipa::ToSchema;

use super::{Store, StoreResult, Tx};

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub contact_id: Option<String>,
    pub route_id: Option<String>,
    /// At least `type`, `contactId` and `phone`; message events add `messageId` and `body`.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: i64,
}

pub struct NewEvent {
    pub kind: &'static str,
    pub contact_id: Option<String>,
    pub route_id: Option<String>,
    pub data: serde_json::Value,
}

type EventRow = (i64, String, Option<String>, Option<String>, String, i64);

fn event_from_row((id, kind, contact_id, route_id, data, created_at): EventRow) -> Event {
    Event {
        id,
        kind,
        contact_id,
        route_id,
        data: serde_json::from_str(&data).unwrap_or(serde_json::Value::Null),
        created_at,
    }
}

impl Store {
    /// Events after `after_id`, oldest first (for SSE resumption).
    pub async fn events_after(&self, after_id: i64, limit: i64) -> StoreResult<Vec<Event>> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT id, type, contact_id, route_id, data_json, created_at FROM events WHERE id > ? ORDER BY id LIMIT ?",
        )
        .bind(after_id)
        .bind(limit)
        .fetch_all(&self.reader)
        .await?;
        Ok(rows.into_iter().map(event_from_row).collect())
    }

    /// The latest events, newest first, optionally only of some types.
    pub async fn recent_events(
        &self,
        limit: i64,
        before_id: Option<i64>,
        types: &[String],
    ) -> StoreResult<Vec<Event>> {
        let mut sql = String::from(
            "SELECT id, type, contact_id, route_id, data_json, created_at FROM events WHERE id < ?",
        );
        if !types.is_empty() {
            sql.push_str(&format!(
                " AND type IN ({})",
                vec!["?"; types.len()].join(", ")
            ));
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        let mut query = sqlx::query_as::<_, EventRow>(&sql).bind(before_id.unwrap_or(i64::MAX));
        for t in types {
            query = query.bind(t);
        }
        let rows = query.bind(limit).fetch_all(&self.reader).await?;
        Ok(rows.into_iter().map(event_from_row).collect())
    }

    pub async fn last_event_id(&self) -> StoreResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM events")
                .fetch_one(&self.reader)
                .await?,
        )
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
    conn: &mut sqlx::SqliteConnection,
    pending: Vec<PendingEvent>,
) -> StoreResult<Vec<Event>> {
    // 5 values per row, well under SQLite's 32766 variables per statement.
    const ROWS_PER_STATEMENT: usize = 1000;
    let mut stored = Vec::with_capacity(pending.len());
    let mut rows = pending.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<PendingEvent> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        let mut insert = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
            "INSERT INTO events (type, contact_id, route_id, data_json, created_at) ",
        );
        insert.push_values(&chunk, |mut row, p| {
            row.push_bind(p.event.kind)
                .push_bind(p.event.contact_id.clone())
                .push_bind(p.event.route_id.clone())
                .push_bind(p.event.data.to_string())
                .push_bind(p.created_at);
        });
        insert.push(" RETURNING id");
        let mut ids: Vec<i64> = insert.build_query_scalar().fetch_all(&mut *conn).await?;
        // One statement from the only writer: the ids are consecutive, in row order.
        ids.sort_unstable();
        stored.extend(chunk.into_iter().zip(ids).map(|(p, id)| Event {
            id,
            kind: p.event.kind.to_owned(),
            contact_id: p.event.contact_id,
            route_id: p.event.route_id,
            data: p.event.data,
            created_at: p.created_at,
        }));
    }
    Ok(stored)
}

impl Tx {
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
