//! What the survey sweep reads and keeps: its cursors (how far it has
//! looked), the new bookings and newly quiet conversations past them, and
//! the candidates waiting for the rule's decision. Every read walks an
//! index from a cursor and is bounded, so a run costs the same with ten
//! contacts or a hundred thousand.

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};
use crate::domain::csat::Trigger;

pub const BOOKINGS_CURSOR: &str = "bookings";

/// The cursor of a route's quiet conversations.
pub fn quiet_cursor(route_id: &str) -> String {
    format!("quiet:{route_id}")
}

/// A cursor's place: a position (an id or a time) and a tie-breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CursorAt {
    pub position: i64,
    pub after: i64,
}

/// A contact of a route whose last message is older than its quiet time.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuietContact {
    pub rowid: i64,
    pub id: String,
    pub last_message_at: i64,
    pub last_message_id: Option<i64>,
}

/// A contact found worth surveying, waiting for the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub contact_id: String,
    pub trigger: Trigger,
    pub quiet_after_message_id: Option<i64>,
}

impl Store {
    pub async fn csat_cursor(&self, name: &str) -> StoreResult<Option<CursorAt>> {
        let row: Option<(i64, i64)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT position, after FROM csat_cursors WHERE name = $1"
        )
        .bind(name)
        .fetch_optional(db)
        .await)?;
        Ok(row.map(|(position, after)| CursorAt { position, after }))
    }

    /// Status changes after id `after_id` (oldest first): `(id, contact, status)`.
    pub async fn status_changes_after(
        &self,
        after_id: i64,
        limit: i64,
    ) -> StoreResult<Vec<(i64, String, String)>> {
        Ok(on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT id, contact_id, status FROM contact_status_changes WHERE id > $1 ORDER BY id LIMIT $2",
            )
            .bind(after_id)
            .bind(limit)
            .fetch_all(db)
            .await
        })?)
    }

    /// The route's contacts whose last message is past `cursor` and no later
    /// than `quiet_before`, in that order (walks `contacts_route_recent`).
    pub async fn quiet_contacts(
        &self,
        route_id: &str,
        cursor: CursorAt,
        quiet_before: i64,
        limit: i64,
    ) -> StoreResult<Vec<QuietContact>> {
        let seq = self.engine.kind().contact_seq();
        let sql = format!(
            "SELECT {seq} AS rowid, id, last_message_at, last_message_id FROM contacts
             WHERE assigned_route_id = $1 AND last_message_at >= $2 AND last_message_at <= $4
               AND (last_message_at > $2 OR {seq} > $3)
             ORDER BY last_message_at, {seq} LIMIT $5"
        );
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(&sql)
            .bind(route_id)
            .bind(cursor.position)
            .bind(cursor.after)
            .bind(quiet_before)
            .bind(limit)
            .fetch_all(db)
            .await)?)
    }
}

impl Tx {
    pub async fn set_csat_cursor(&mut self, name: &str, at: CursorAt) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "INSERT INTO csat_cursors (name, position, after) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET position = excluded.position, after = excluded.after",
        )
        .bind(name)
        .bind(at.position)
        .bind(at.after)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// A route's survey was switched off: when it is switched on again, only
    /// conversations that go quiet from then on are asked.
    pub async fn forget_quiet_cursor(&mut self, route_id: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM csat_cursors WHERE name = $1"
        )
        .bind(quiet_cursor(route_id))
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Adds a candidate due at `due_at`. A booking is never replaced; a quiet
    /// conversation is replaced by anything newer. Deleted contacts are skipped.
    pub async fn add_csat_candidate(
        &mut self,
        candidate: &Candidate,
        due_at: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "INSERT INTO csat_candidates (contact_id, reason, quiet_after_message_id, due_at)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM contacts WHERE id = $1)
             ON CONFLICT (contact_id) DO UPDATE SET reason = excluded.reason,
               quiet_after_message_id = excluded.quiet_after_message_id, due_at = excluded.due_at
             WHERE csat_candidates.reason = 'quiet'",
        )
        .bind(&candidate.contact_id)
        .bind(candidate.trigger.as_str())
        .bind(candidate.quiet_after_message_id)
        .bind(due_at)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Up to `limit` candidates due at `now_ms`, the longest waiting first.
    pub async fn due_csat_candidates(
        &mut self,
        now_ms: i64,
        limit: i64,
    ) -> StoreResult<Vec<Candidate>> {
        let rows: Vec<(String, String, Option<i64>)> =
            on_tx!(&mut self.inner, |db| sqlx::query_as(
                "SELECT contact_id, reason, quiet_after_message_id FROM csat_candidates
             WHERE due_at <= $1 ORDER BY due_at LIMIT $2",
            )
            .bind(now_ms)
            .bind(limit)
            .fetch_all(db)
            .await)?;
        Ok(rows
            .into_iter()
            .map(|(contact_id, reason, quiet_after_message_id)| Candidate {
                contact_id,
                trigger: Trigger::parse(&reason).unwrap_or(Trigger::Quiet),
                quiet_after_message_id,
            })
            .collect())
    }

    /// The candidate is decided (surveyed or not): it leaves the list.
    pub async fn drop_csat_candidate(&mut self, contact_id: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM csat_candidates WHERE contact_id = $1"
        )
        .bind(contact_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// The route is closed: the candidate is asked about again at `due_at`.
    pub async fn postpone_csat_candidate(
        &mut self,
        contact_id: &str,
        due_at: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE csat_candidates SET due_at = $1 WHERE contact_id = $2"
        )
        .bind(due_at)
        .bind(contact_id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }
}
