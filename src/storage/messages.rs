//! Messages: every SMS in and out, with its Twilio delivery status.

use serde::Serialize;
use utoipa::ToSchema;

use sqlx::{FromRow, Row};

use super::engine::{on_engine, on_tx, Done, Pool};
use super::message_counts::Counted;
use super::MessageRef;
use super::{Contact, Store, StoreError, StoreResult, Tx};
use crate::domain::message::{is_final_status, status_may_advance, Direction, Source};
use crate::domain::trace::{status_hop, HopKind};
use crate::domain::twilio_errors;

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(serialize_with = "serialize_id")]
    #[schema(value_type = String)]
    pub id: i64,
    pub contact_id: String,
    pub route_id: Option<String>,
    pub direction: Direction,
    pub source: Source,
    pub body: String,
    pub from_number: String,
    pub to_number: String,
    #[schema(value_type = Option<Vec<String>>)]
    pub media_urls: Option<serde_json::Value>,
    pub twilio_sid: Option<String>,
    pub twilio_status: Option<String>,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// A plain-language reading of `errorCode`, when it is a known Twilio code.
    pub error_explanation: Option<String>,
    pub closebot_message_id: Option<String>,
    /// Inbound only: queued, held, forwarded, failed, keyword, survey_answer (a satisfaction score,
    /// kept from the bot), human, opted_out, no_route, inactive_route.
    pub forward_state: Option<String>,
    pub sent_by_user_id: Option<String>,
    #[serde(skip)]
    pub send_started_at: Option<i64>,
    #[serde(serialize_with = "crate::clock::serialize_ms")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: i64,
}

pub fn serialize_id<S: serde::Serializer>(id: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

pub struct NewMessage<'a> {
    pub contact_id: &'a str,
    pub route_id: Option<&'a str>,
    pub direction: Direction,
    pub source: Source,
    pub body: &'a str,
    pub from_number: &'a str,
    pub to_number: &'a str,
    pub media_urls: &'a [String],
    pub twilio_sid: Option<&'a str>,
    pub twilio_status: Option<&'a str>,
    pub closebot_message_id: Option<&'a str>,
    pub forward_state: Option<&'a str>,
    pub sent_by_user_id: Option<&'a str>,
}

const COLUMNS: &str = "id, contact_id, route_id, direction, source, body, from_number, to_number, media_json,
    twilio_sid, twilio_status, error_code, error_message, closebot_message_id, forward_state, sent_by_user_id,
    send_started_at, created_at";

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: i64,
    contact_id: String,
    route_id: Option<String>,
    direction: String,
    source: String,
    body: String,
    from_number: String,
    to_number: String,
    media_json: Option<String>,
    twilio_sid: Option<String>,
    twilio_status: Option<String>,
    error_code: Option<String>,
    error_message: Option<String>,
    closebot_message_id: Option<String>,
    forward_state: Option<String>,
    sent_by_user_id: Option<String>,
    send_started_at: Option<i64>,
    created_at: i64,
}

impl TryFrom<MessageRow> for Message {
    type Error = StoreError;
    fn try_from(r: MessageRow) -> StoreResult<Self> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("message {}: bad {what}", r.id));
        Ok(Message {
            direction: Direction::parse(&r.direction).ok_or_else(|| corrupt("direction"))?,
            source: Source::parse(&r.source).ok_or_else(|| corrupt("source"))?,
            media_urls: super::json_column(r.media_json.as_deref(), "messages.media_json")?,
            error_explanation: r
                .error_code
                .as_deref()
                .and_then(twilio_errors::describe)
                .map(str::to_owned),
            id: r.id,
            contact_id: r.contact_id,
            route_id: r.route_id,
            body: r.body,
            from_number: r.from_number,
            to_number: r.to_number,
            twilio_sid: r.twilio_sid,
            twilio_status: r.twilio_status,
            error_code: r.error_code,
            error_message: r.error_message,
            closebot_message_id: r.closebot_message_id,
            forward_state: r.forward_state,
            sent_by_user_id: r.sent_by_user_id,
            send_started_at: r.send_started_at,
            created_at: r.created_at,
        })
    }
}

impl Store {
    /// A page of a conversation, oldest first: the `limit` messages before
    /// `before` (or the latest ones), and whether older ones exist.
    pub async fn messages_page(
        &self,
        contact_id: &str,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<(Vec<Message>, bool)> {
        let rows: Vec<MessageRow> = on_engine!(&self.engine, |db| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM messages WHERE contact_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3"
            ))
            .bind(contact_id)
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit + 1)
            .fetch_all(db)
            .await
        })?;
        let has_more = rows.len() as i64 > limit;
        let mut messages = rows
            .into_iter()
            .take(limit as usize)
            .map(Message::try_from)
            .collect::<StoreResult<Vec<_>>>()?;
        messages.reverse();
        Ok((messages, has_more))
    }

    /// A message and its contact, in one read (the queue's executors need both).
    pub async fn message_with_contact(&self, id: i64) -> StoreResult<Option<(Message, Contact)>> {
        // The contact comes along as one JSON column, built by each engine's function.
        static SQLITE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        static POSTGRES: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let query = |contact_json: &str| {
            let columns: Vec<String> = COLUMNS
                .split(',')
                .map(|c| format!("m.{}", c.trim()))
                .collect();
            format!(
                "SELECT {}, {contact_json} AS contact_json FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = $1",
                columns.join(", "),
            )
        };
        let sql = match &self.engine {
            Pool::Sqlite(_) => {
                SQLITE.get_or_init(|| query(&super::contacts::json_object_of("c", "json_object")))
            }
            Pool::Postgres(_) => POSTGRES.get_or_init(|| {
                query(&format!(
                    "CAST({} AS TEXT)",
                    super::contacts::json_object_of("c", "json_build_object")
                ))
            }),
        };
        let found: Option<(MessageRow, String)> = on_engine!(&self.engine, |db| {
            match sqlx::query(sql).bind(id).fetch_optional(db).await? {
                Some(row) => Some((MessageRow::from_row(&row)?, row.try_get("contact_json")?)),
                None => None,
            }
        });
        let Some((message, contact_json)) = found else {
            return Ok(None);
        };
        let message = Message::try_from(message)?;
        let contact: super::contacts::ContactRow = serde_json::from_str(&contact_json)
            .map_err(|e| StoreError::Corrupt(format!("contact of message {id}: {e}")))?;
        Ok(Some((message, Contact::try_from(contact)?)))
    }

    pub async fn message_id_by_sid(&self, twilio_sid: &str) -> StoreResult<Option<i64>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT id FROM messages WHERE twilio_sid = $1"
        )
        .bind(twilio_sid)
        .fetch_optional(db)
        .await)?)
    }

    pub async fn message(&self, id: i64) -> StoreResult<Option<Message>> {
        let row: Option<MessageRow> = on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM messages WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        row.map(Message::try_from).transpose()
    }
}

impl Tx {
    /// Inserts a message; `None` when its Twilio SID or CloseBot message id
    /// is already stored (a duplicate delivery).
    pub async fn insert_message(
        &mut self,
        m: &NewMessage<'_>,
        now_ms: i64,
    ) -> StoreResult<Option<i64>> {
        let media = (!m.media_urls.is_empty())
            .then(|| serde_json::to_string(m.media_urls).expect("a list of strings serialises"));
        let id: Option<i64> = on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "INSERT INTO messages (contact_id, route_id, direction, source, body, from_number, to_number, media_json,
                 twilio_sid, twilio_status, closebot_message_id, forward_state, sent_by_user_id, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(m.contact_id)
            .bind(m.route_id)
            .bind(m.direction.as_str())
            .bind(m.source.as_str())
            .bind(super::engine::text(m.body))
            .bind(m.from_number)
            .bind(m.to_number)
            .bind(media)
            .bind(m.twilio_sid)
            .bind(m.twilio_status)
            .bind(m.closebot_message_id)
            .bind(m.forward_state)
            .bind(m.sent_by_user_id)
            .bind(now_ms)
            .bind(now_ms)
            .fetch_optional(db)
            .await
        })?;
        if id.is_some() {
            let wait_ms = self.track_waiting(m, now_ms).await?;
            self.message_counts.record(Counted {
                at_ms: now_ms,
                route_id: m.route_id,
                contact_id: m.contact_id,
                direction: m.direction,
                source: m.source,
                status: m.twilio_status,
                wait_ms,
            });
        }
        Ok(id)
    }

    /// Keeps when the customer began waiting for the bot (their first text on
    /// its way to the bot since the last reply); a bot reply that will be
    /// sent ends the wait and returns its length, a manual reply ends it.
    async fn track_waiting(&mut self, m: &NewMessage<'_>, now_ms: i64) -> StoreResult<Option<i64>> {
        match (m.direction, m.source) {
            (Direction::Inbound, Source::Customer)
                if matches!(m.forward_state, Some("queued" | "held")) =>
            {
                on_tx!(&mut self.inner, |db| {
                    sqlx::query(
                        "UPDATE contacts SET awaiting_since = COALESCE(awaiting_since, $1) WHERE id = $2",
                    )
                    .bind(now_ms)
                    .bind(m.contact_id)
                    .execute(db)
                    .await
                    .map(Done::from)
                })?;
                Ok(None)
            }
            (Direction::Outbound, Source::Bot) if m.twilio_status != Some("canceled") => {
                let since: Option<i64> = on_tx!(&mut self.inner, |db| sqlx::query_scalar(
                    "SELECT awaiting_since FROM contacts WHERE id = $1"
                )
                .bind(m.contact_id)
                .fetch_optional(db)
                .await)?
                .flatten();
                if since.is_some() {
                    self.end_waiting(m.contact_id).await?;
                }
                Ok(since.map(|since| (now_ms - since).max(0)))
            }
            (Direction::Outbound, Source::Manual) => {
                self.end_waiting(m.contact_id).await?;
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    async fn end_waiting(&mut self, contact_id: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE contacts SET awaiting_since = NULL WHERE id = $1 AND awaiting_since IS NOT NULL",
            )
            .bind(contact_id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }

    pub async fn message(&mut self, id: i64) -> StoreResult<Option<Message>> {
        let row: Option<MessageRow> = on_tx!(&mut self.inner, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM messages WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        row.map(Message::try_from).transpose()
    }

    pub async fn message_id_by_sid(&mut self, twilio_sid: &str) -> StoreResult<Option<i64>> {
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT id FROM messages WHERE twilio_sid = $1"
        )
        .bind(twilio_sid)
        .fetch_optional(db)
        .await)?)
    }

    pub async fn set_forward_state(
        &mut self,
        id: i64,
        state: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE messages SET forward_state = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(state)
        .bind(now_ms)
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }

    /// Notes that sending these messages is starting (kept from the first attempt).
    pub async fn mark_send_started(&mut self, ids: &[i64], now_ms: i64) -> StoreResult<()> {
        if ids.is_empty() {
            return Ok(());
        }
        on_tx!(&mut self.inner, |db| {
            let mut update = sqlx::QueryBuilder::new(
                "UPDATE messages SET send_started_at = COALESCE(send_started_at, ",
            );
            update.push_bind(now_ms).push(") WHERE id IN (");
            let mut list = update.separated(", ");
            for id in ids {
                list.push_bind(*id);
            }
            update.push(")");
            update.build().execute(db).await.map(Done::from)
        })?;
        Ok(())
    }

    /// Stores the SID Twilio gave a sent message (and its first status when
    /// that is a step forward), completes the send job, and applies any
    /// status callback that arrived before the SID was known — one round trip
    /// in the usual case. Unless its status is final, the message is due for
    /// a status lookup at `check_at` (see `status_checks`).
    pub async fn record_sent(
        &mut self,
        id: i64,
        sid: &str,
        status: &str,
        job_id: i64,
        check_at: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        let first_status_applies = status_may_advance(Some("queued"), status);
        let check_at = (!is_final_status(status)).then_some(check_at);
        let sql = self.inner.kind().one_statement(
            "UPDATE messages SET twilio_sid = $1, updated_at = $2, next_status_check_at = $7,
               twilio_status = CASE WHEN $3 AND twilio_status IN ('queued', 'accepted', 'scheduled') THEN $4
                                    ELSE twilio_status END
             WHERE id = $5;
             DELETE FROM jobs WHERE id = $6;
             DELETE FROM early_statuses WHERE twilio_sid = $1
             RETURNING status, error_code, error_message, received_at",
        );
        let early: Vec<(String, Option<String>, Option<String>, i64)> =
            on_tx!(&mut self.inner, |db| {
                sqlx::query_as(&sql)
                    .bind(sid)
                    .bind(now_ms)
                    .bind(first_status_applies)
                    .bind(status)
                    .bind(id)
                    .bind(job_id)
                    .bind(check_at)
                    .fetch_all(db)
                    .await
            })?;
        for (status, code, text, received_at) in early {
            let applied = self
                .advance_status(id, &status, code.as_deref(), text.as_deref(), now_ms)
                .await?;
            let hop = status_hop(
                HopKind::StatusCallback,
                &status,
                code.as_deref(),
                text.as_deref(),
                received_at,
            )
            .with(|d| {
                d.ignored = (!applied).then_some(true);
                d.note = Some(
                    "Arrived before Twilio's answer to the send; applied when the answer came"
                        .into(),
                );
            });
            self.trace(MessageRef::Id(id), hop);
        }
        Ok(())
    }

    /// Records what became of an inbound text's forward and completes its
    /// job, in one round trip.
    pub async fn finish_forward(
        &mut self,
        message_id: i64,
        forward_state: &str,
        job_id: i64,
        now_ms: i64,
    ) -> StoreResult<()> {
        let sql = self.inner.kind().one_statement(
            "UPDATE messages SET forward_state = $1, updated_at = $2 WHERE id = $3; DELETE FROM jobs WHERE id = $4",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql)
                .bind(forward_state)
                .bind(now_ms)
                .bind(message_id)
                .bind(job_id)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    /// Moves a message's status forward (never backwards); true when it moved.
    pub async fn advance_status(
        &mut self,
        id: i64,
        status: &str,
        error_code: Option<&str>,
        error_message: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let current: Option<Option<String>> = on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT twilio_status FROM messages WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(db)
        .await)?;
        let Some(current) = current else {
            return Ok(false);
        };
        if !status_may_advance(current.as_deref(), status) {
            return Ok(false);
        }
        // A final status needs no lookup at Twilio any more.
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE messages SET twilio_status = $1, error_code = COALESCE($2, error_code),
                 error_message = COALESCE($3, error_message), updated_at = $4,
                 next_status_check_at = CASE WHEN $5 THEN NULL ELSE next_status_check_at END WHERE id = $6",
            )
            .bind(status)
            .bind(error_code)
            .bind(error_message)
            .bind(now_ms)
            .bind(is_final_status(status))
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(true)
    }

    pub async fn remember_early_status(
        &mut self,
        sid: &str,
        status: &str,
        error_code: Option<&str>,
        error_message: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query("INSERT INTO early_statuses (twilio_sid, status, error_code, error_message, received_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(sid)
                .bind(status)
                .bind(error_code)
                .bind(error_message)
                .bind(now_ms)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    /// Cancels a contact's outbound texts that no send attempt has touched
    /// yet (ones already attempted are re-checked by their job); returns
    /// their ids.
    pub async fn cancel_unsent_outbound(
        &mut self,
        contact_id: &str,
        reason: &str,
        now_ms: i64,
    ) -> StoreResult<Vec<i64>> {
        Ok(on_tx!(&mut self.inner, |db| {
            sqlx::query_scalar(
                "UPDATE messages SET twilio_status = 'canceled', error_message = $1, updated_at = $2
                 WHERE contact_id = $3 AND direction = 'outbound' AND twilio_sid IS NULL AND send_started_at IS NULL
                   AND twilio_status = 'queued'
                 RETURNING id",
            )
            .bind(reason)
            .bind(now_ms)
            .bind(contact_id)
            .fetch_all(db)
            .await
        })?)
    }

    /// Ends an outbound message that will not be sent, with the reason.
    pub async fn finish_unsent(
        &mut self,
        id: i64,
        status: &str,
        error_code: Option<&str>,
        error_message: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE messages SET twilio_status = $1, error_code = $2, error_message = $3, updated_at = $4
                 WHERE id = $5 AND (twilio_status IS NULL OR twilio_status IN ('queued', 'accepted', 'scheduled', 'sending', 'canceled'))",
            )
            .bind(status)
            .bind(error_code)
            .bind(error_message)
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }
}
