//! The round-trip tracer's rows (`message_hops`). A hop is noted in the
//! transaction of the step it describes and written with the group commit,
//! all of a commit's hops in one statement: tracing adds no round trip to a
//! webhook's write.

use super::engine::{on_engine, on_tx, Done, TxConn};
use super::{Store, StoreResult, Tx};
use crate::domain::message::{Direction, Source};
use crate::domain::trace::{Hop, HopDetail, HopKind, HopStatus, TracedHop};

/// The message a hop belongs to, as the step knows it.
#[derive(Debug, Clone)]
pub enum MessageRef {
    Id(i64),
    /// By Twilio's MessageSid (a repeated webhook knows only that).
    TwilioSid(String),
}

pub(super) struct PendingHop {
    message: MessageRef,
    /// The customer's text a bot reply answers, by its MessageSid.
    reply_to_sid: Option<String>,
    hop: Hop,
}

impl Tx {
    /// Notes a hop of a message's trace; it is written with the commit.
    pub fn trace(&mut self, message: MessageRef, hop: Hop) {
        self.hops.push(PendingHop {
            message,
            reply_to_sid: None,
            hop,
        });
    }

    /// Notes the first hop of a bot reply, linked to the customer's text
    /// (by its MessageSid) so that text's trace reaches the reply.
    pub fn trace_reply(&mut self, message_id: i64, reply_to_sid: &str, hop: Hop) {
        self.hops.push(PendingHop {
            message: MessageRef::Id(message_id),
            reply_to_sid: Some(reply_to_sid.to_owned()),
            hop,
        });
    }
}

/// Writes a group commit's hops. Messages are looked up in the statement
/// itself: a hop whose message is gone (deleted in the same commit) is
/// dropped instead of failing the commit.
pub(super) async fn insert_all(conn: &mut TxConn, hops: Vec<PendingHop>) -> StoreResult<()> {
    // 7 values per row, well under SQLite's 32766 variables per statement.
    const ROWS_PER_STATEMENT: usize = 1000;
    let mut rows = hops.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<PendingHop> = rows.by_ref().take(ROWS_PER_STATEMENT).collect();
        on_tx!(&mut *conn, |db| {
            let mut insert = sqlx::QueryBuilder::new(
                "INSERT INTO message_hops (message_id, reply_to_id, kind, status, at, detail_json)
                 SELECT * FROM (",
            );
            insert.push_values(&chunk, |mut row, p| {
                let (id, sid) = match &p.message {
                    MessageRef::Id(id) => (Some(*id), None),
                    MessageRef::TwilioSid(sid) => (None, Some(sid.as_str())),
                };
                row.push("COALESCE((SELECT id FROM messages WHERE id = ")
                    .push_bind_unseparated(id)
                    .push_unseparated("), (SELECT id FROM messages WHERE twilio_sid = ")
                    .push_bind_unseparated(sid)
                    .push_unseparated("))")
                    .push("(SELECT id FROM messages WHERE twilio_sid = ")
                    .push_bind_unseparated(p.reply_to_sid.as_deref())
                    .push_unseparated(")")
                    .push_bind(p.hop.kind.as_str())
                    .push_bind(p.hop.status.as_str())
                    .push_bind(p.hop.at_ms)
                    .push_bind(
                        serde_json::to_string(&p.hop.detail).expect("hop details serialise"),
                    );
            });
            insert.push(") AS hop WHERE hop.column1 IS NOT NULL");
            insert.build().execute(db).await.map(Done::from)
        })?;
    }
    Ok(())
}

/// A message of a trace, as the timeline names it.
#[derive(Debug, Clone)]
pub struct TracedMessage {
    pub id: i64,
    pub direction: Direction,
    pub source: Source,
}

/// The hops of one round trip: the customer's text and the bot replies
/// linked to it, or one outbound message on its own.
#[derive(Debug, Clone)]
pub struct Trace {
    pub messages: Vec<TracedMessage>,
    pub hops: Vec<TracedHop>,
}

/// Far more hops than a round trip makes (20 attempts at most per step).
const MAX_HOPS: i64 = 1000;

type HopRow = (i64, i64, String, String, i64, String);

impl Store {
    /// The round trip `message_id` is part of; `None` for an unknown message.
    pub async fn message_trace(&self, message_id: i64) -> StoreResult<Option<Trace>> {
        let Some(asked) = self.traced_message(message_id).await? else {
            return Ok(None);
        };
        // A bot reply's round trip starts at the customer's text it answers.
        let root: i64 = match asked.direction {
            Direction::Inbound => message_id,
            Direction::Outbound => on_engine!(&self.engine, |db| sqlx::query_scalar::<_, i64>(
                "SELECT reply_to_id FROM message_hops WHERE message_id = $1 AND reply_to_id IS NOT NULL LIMIT 1",
            )
            .bind(message_id)
            .fetch_optional(db).await)?
            .unwrap_or(message_id),
        };
        let rows: Vec<HopRow> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT id, message_id, kind, status, at, detail_json FROM message_hops
             WHERE message_id = $1 OR message_id = $2
                OR message_id IN (SELECT message_id FROM message_hops WHERE reply_to_id = $1)
             ORDER BY at, id LIMIT $3",
        )
        .bind(root)
        .bind(message_id)
        .bind(MAX_HOPS)
        .fetch_all(db)
        .await)?;
        let hops: Vec<TracedHop> = rows.into_iter().filter_map(hop_from_row).collect();
        let mut ids: Vec<i64> = hops.iter().map(|h| h.message_id).collect();
        ids.extend([root, message_id]);
        ids.sort_unstable();
        ids.dedup();
        let mut messages = Vec::with_capacity(ids.len());
        for id in ids {
            messages.extend(self.traced_message(id).await?);
        }
        Ok(Some(Trace { messages, hops }))
    }

    async fn traced_message(&self, id: i64) -> StoreResult<Option<TracedMessage>> {
        let row: Option<(String, String)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT direction, source FROM messages WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(db)
        .await)?;
        Ok(row.and_then(|(direction, source)| {
            Some(TracedMessage {
                id,
                direction: Direction::parse(&direction)?,
                source: Source::parse(&source)?,
            })
        }))
    }
}

/// A row this version cannot read is skipped (and logged): one odd hop must
/// not hide the rest of the trace.
fn hop_from_row((id, message_id, kind, status, at, detail): HopRow) -> Option<TracedHop> {
    let parsed = (
        HopKind::parse(&kind),
        HopStatus::parse(&status),
        serde_json::from_str::<HopDetail>(&detail),
    );
    match parsed {
        (Some(kind), Some(status), Ok(detail)) => Some(TracedHop {
            id,
            message_id,
            hop: Hop {
                kind,
                status,
                at_ms: at,
                detail,
            },
        }),
        _ => {
            tracing::warn!(
                hop = id,
                kind,
                status,
                "skipped a trace hop that cannot be read"
            );
            None
        }
    }
}
