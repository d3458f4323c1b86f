//! CSV imports: the record of each (its file until it ends, its counters
//! and progress), contacts created or updated by phone, and rejected rows.

use super::engine::{on_engine, on_tx, Done};
use super::{Contact, Store, StoreResult, Tx};
use crate::domain::ids::new_id;
use crate::domain::phone::PhoneNumber;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ImportRecord {
    pub id: String,
    pub state: String,
    pub file_name: String,
    pub options_json: String,
    pub total_rows: i64,
    pub rows_done: i64,
    pub created: i64,
    pub updated: i64,
    pub skipped: i64,
    pub rejected: i64,
    pub messages_queued: i64,
    pub next_send_at: Option<i64>,
    pub error: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// A row's contact, validated: `None` leaves a stored field as it is.
pub struct ContactImport<'a> {
    pub phone: &'a PhoneNumber,
    pub name: Option<&'a str>,
    pub email: Option<&'a str>,
    pub company: Option<&'a str>,
    pub tags: &'a [String],
    pub status: Option<&'a str>,
    /// Status of a contact the row creates when it names none.
    pub default_status: &'a str,
    pub fields: &'a serde_json::Map<String, serde_json::Value>,
}

pub enum Imported {
    Created(Contact),
    Updated(Contact),
    /// The number opted out (its contact, or the suppression list).
    OptedOut,
}

/// What a batch adds to an import's counters.
#[derive(Debug, Default, Clone, Copy)]
pub struct ImportProgress {
    pub rows_done: i64,
    pub created: i64,
    pub updated: i64,
    pub skipped: i64,
    pub rejected: i64,
    pub messages_queued: i64,
}

const COLUMNS: &str = "id, state, file_name, options_json, total_rows, rows_done, created, updated, skipped, rejected,
    messages_queued, next_send_at, error, created_by, created_at, finished_at";

impl Store {
    pub async fn import(&self, id: &str) -> StoreResult<Option<ImportRecord>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM imports WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?)
    }

    /// The newest imports first.
    pub async fn recent_imports(&self, limit: i64) -> StoreResult<Vec<ImportRecord>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM imports WHERE state <> 'draft' ORDER BY created_at DESC LIMIT $1"
        ))
        .bind(limit)
        .fetch_all(db)
        .await)?)
    }

    /// Which of `phones` have a contact, and which are suppressed.
    pub async fn known_phones(
        &self,
        phones: &[String],
    ) -> StoreResult<(
        std::collections::HashSet<String>,
        std::collections::HashSet<String>,
    )> {
        let (mut known, mut suppressed) = (Default::default(), Default::default());
        for (table, set) in [("contacts", &mut known), ("suppressions", &mut suppressed)] {
            if phones.is_empty() {
                break;
            }
            let found: Vec<String> = on_engine!(&self.engine, |db| {
                let mut query =
                    sqlx::QueryBuilder::new(format!("SELECT phone FROM {table} WHERE phone IN ("));
                let mut list = query.separated(", ");
                for phone in phones {
                    list.push_bind(phone.clone());
                }
                query.push(")");
                query.build_query_scalar().fetch_all(db).await
            })?;
            *set = found.into_iter().collect();
        }
        Ok((known, suppressed))
    }

    /// The import's first messages still waiting for their turn.
    pub async fn pending_import_sends(&self, id: &str) -> StoreResult<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM jobs WHERE kind = 'send_sms' AND state IN ('ready', 'waiting')
             AND {} = $1",
            self.engine.kind().json_text("payload", "importId")
        );
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(&sql)
            .bind(id)
            .fetch_one(db)
            .await)?)
    }

    pub async fn running_imports(&self) -> StoreResult<Vec<String>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT id FROM imports WHERE state = 'running' ORDER BY created_at",
        )
        .fetch_all(db)
        .await)?)
    }

    /// Running imports with no batch written since `before_ms` (their
    /// runner's instance stopped, on a database several instances share).
    pub async fn stalled_imports(&self, before_ms: i64) -> StoreResult<Vec<String>> {
        Ok(on_engine!(&self.engine, |db| {
            sqlx::query_scalar(
            "SELECT id FROM imports WHERE state = 'running' AND updated_at < $1 ORDER BY created_at",
        )
        .bind(before_ms)
        .fetch_all(db)
        .await
        })?)
    }

    pub async fn import_file(&self, id: &str) -> StoreResult<Option<Vec<u8>>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT content FROM import_files WHERE import_id = $1"
        )
        .bind(id)
        .fetch_optional(db)
        .await)?)
    }

    /// Rejected rows, by row number: (row, reason, the row as it was).
    pub async fn import_rejections(&self, id: &str) -> StoreResult<Vec<(i64, String, String)>> {
        Ok(on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT row_number, reason, raw FROM import_rejections WHERE import_id = $1 ORDER BY row_number",
            )
            .bind(id)
            .fetch_all(db)
            .await
        })?)
    }
}

/// An uploaded file, as a draft import.
pub struct NewImport<'a> {
    pub id: &'a str,
    pub file_name: &'a str,
    pub content: &'a [u8],
    pub total_rows: i64,
    pub options_json: &'a str,
    pub created_by: &'a str,
}

/// The contact already there for a phone: id, opted out at, tags, fields.
type ExistingContact = (String, Option<i64>, Option<String>, Option<String>);

impl Tx {
    pub async fn create_import(&mut self, new: NewImport<'_>, now_ms: i64) -> StoreResult<()> {
        // Drafts never started are not kept past a day.
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM imports WHERE state = 'draft' AND created_at < $1"
        )
        .bind(now_ms - 24 * 3600 * 1000)
        .execute(db)
        .await
        .map(Done::from))?;
        let sql = self.inner.kind().one_statement(
            "INSERT INTO imports (id, state, file_name, options_json, total_rows, created_by, created_at, updated_at)
             VALUES ($1, 'draft', $2, $3, $4, $5, $6, $6);
             INSERT INTO import_files (import_id, content) VALUES ($1, $7)",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql)
                .bind(new.id)
                .bind(new.file_name)
                .bind(new.options_json)
                .bind(new.total_rows)
                .bind(new.created_by)
                .bind(now_ms)
                .bind(new.content)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    /// Draft → running with these options; false when it was not a draft.
    pub async fn start_import(
        &mut self,
        id: &str,
        options_json: &str,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let started = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE imports SET state = 'running', options_json = $1, updated_at = $2 WHERE id = $3 AND state = 'draft'",
            )
            .bind(options_json)
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(started.rows_affected() > 0)
    }

    /// Creates or updates the contact of `row` by phone (never a duplicate).
    pub async fn import_contact(
        &mut self,
        row: &ContactImport<'_>,
        now_ms: i64,
    ) -> StoreResult<Imported> {
        let existing: Option<ExistingContact> = on_tx!(&mut self.inner, |db| sqlx::query_as(
            "SELECT id, opted_out_at, tags, fields_json FROM contacts WHERE phone = $1",
        )
        .bind(row.phone.as_str())
        .fetch_optional(db)
        .await)?;
        let suppressed = match &existing {
            Some((_, opted_out, _, _)) => opted_out.is_some(),
            None => {
                on_tx!(&mut self.inner, |db| sqlx::query_scalar::<_, i64>(
                    "SELECT COUNT(*) FROM suppressions WHERE phone = $1"
                )
                .bind(row.phone.as_str())
                .fetch_one(db)
                .await)?
                    > 0
            }
        };
        if suppressed {
            return Ok(Imported::OptedOut);
        }
        let Some((id, _, tags, fields)) = existing else {
            let id = new_id();
            on_tx!(&mut self.inner, |db| {
                sqlx::query(
                    "INSERT INTO contacts (id, phone, phone_digits, name, email, company, tags, status, fields_json,
                     first_contact, last_contact, created_at, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10, $10)",
                )
                .bind(&id)
                .bind(row.phone.as_str())
                .bind(row.phone.digits())
                .bind(row.name.map(super::engine::text))
                .bind(row.email.map(super::engine::text))
                .bind(row.company.map(super::engine::text))
                .bind(serde_json::to_string(row.tags).expect("tags serialise"))
                .bind(row.status.unwrap_or(row.default_status))
                .bind(serde_json::to_string(row.fields).expect("fields serialise"))
                .bind(now_ms)
                .execute(db)
                .await
                .map(Done::from)
            })?;
            return Ok(self
                .contact(&id)
                .await?
                .map_or(Imported::OptedOut, Imported::Created));
        };
        // An update adds tags and fields; it never removes what was there.
        let mut merged_tags: Vec<String> = tags
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default();
        for tag in row.tags {
            if !merged_tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
                merged_tags.push(tag.clone());
            }
        }
        let mut merged_fields: serde_json::Map<String, serde_json::Value> = fields
            .and_then(|f| serde_json::from_str(&f).ok())
            .unwrap_or_default();
        merged_fields.extend(row.fields.clone());
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE contacts SET name = COALESCE($1, name), email = COALESCE($2, email), company = COALESCE($3, company),
                 tags = $4, status = COALESCE($5, status), fields_json = $6, updated_at = $7 WHERE id = $8",
            )
            .bind(row.name.map(super::engine::text))
            .bind(row.email.map(super::engine::text))
            .bind(row.company.map(super::engine::text))
            .bind(serde_json::to_string(&merged_tags).expect("tags serialise"))
            .bind(row.status)
            .bind(serde_json::Value::Object(merged_fields).to_string())
            .bind(now_ms)
            .bind(&id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(self
            .contact(&id)
            .await?
            .map_or(Imported::OptedOut, Imported::Updated))
    }

    pub async fn reject_import_row(
        &mut self,
        id: &str,
        row: i64,
        reason: &str,
        raw: &str,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO import_rejections (import_id, row_number, reason, raw) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(row)
            .bind(reason)
            .bind(super::engine::text(raw))
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }

    /// Whether the batch starting at row `first_row` is still to do (the
    /// import runs and has done exactly the rows before it; another runner,
    /// on another instance, may have done it already): `Some` with the time
    /// its next first message is due, when one is paced.
    pub async fn import_batch_due(
        &mut self,
        id: &str,
        first_row: i64,
    ) -> StoreResult<Option<Option<i64>>> {
        let due: Option<(bool, Option<i64>)> = on_tx!(&mut self.inner, |db| {
            sqlx::query_as(
            "SELECT TRUE, next_send_at FROM imports WHERE id = $1 AND state = 'running' AND rows_done = $2"
        )
        .bind(id)
        .bind(first_row)
        .fetch_optional(db)
        .await
        })?;
        Ok(due.map(|(_, next)| next))
    }

    /// Adds a batch's counts; its rows are done. False when the import is no
    /// longer running (it was stopped meanwhile).
    pub async fn advance_import(
        &mut self,
        id: &str,
        p: ImportProgress,
        next_send_at: Option<i64>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let advanced = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE imports SET rows_done = rows_done + $1, created = created + $2, updated = updated + $3,
                 skipped = skipped + $4, rejected = rejected + $5, messages_queued = messages_queued + $6,
                 next_send_at = COALESCE($7, next_send_at), updated_at = $8 WHERE id = $9 AND state = 'running'",
            )
            .bind(p.rows_done)
            .bind(p.created)
            .bind(p.updated)
            .bind(p.skipped)
            .bind(p.rejected)
            .bind(p.messages_queued)
            .bind(next_send_at)
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(advanced.rows_affected() > 0)
    }

    /// Ends the import (`done`, `stopped` or `failed`); its file goes.
    pub async fn finish_import(
        &mut self,
        id: &str,
        state: &str,
        error: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        // The import's row last: its count is the answer (engine::Kind::one_statement).
        let sql = self.inner.kind().one_statement(
            "DELETE FROM import_files WHERE import_id = $4;
             UPDATE imports SET state = $1, error = $2, finished_at = $3, updated_at = $3
             WHERE id = $4 AND state IN ('running', 'draft')",
        );
        let finished = on_tx!(&mut self.inner, |db| sqlx::query(&sql,)
            .bind(state)
            .bind(error)
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from))?;
        Ok(finished.rows_affected() > 0)
    }

    /// Stopped by a person: while it runs, or after its rows while its first
    /// messages still wait. False when it was already over otherwise.
    pub async fn stop_import(&mut self, id: &str, now_ms: i64) -> StoreResult<bool> {
        // The import's row last: its count is the answer (engine::Kind::one_statement).
        let sql = self.inner.kind().one_statement(
            "DELETE FROM import_files WHERE import_id = $2;
             UPDATE imports SET state = 'stopped', finished_at = COALESCE(finished_at, $1), updated_at = $1
             WHERE id = $2 AND state IN ('running', 'done')",
        );
        let stopped = on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql)
                .bind(now_ms)
                .bind(id)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(stopped.rows_affected() > 0)
    }

    /// The import's first messages still waiting to go: canceled, with the reason.
    pub async fn cancel_import_sends(
        &mut self,
        id: &str,
        reason: &str,
        now_ms: i64,
    ) -> StoreResult<u64> {
        let import_id = self.inner.kind().json_text("payload", "importId");
        let sql = format!(
            "UPDATE messages SET twilio_status = 'canceled', error_message = $1, updated_at = $2
             WHERE id IN (SELECT message_id FROM jobs WHERE kind = 'send_sms' AND state IN ('ready', 'waiting')
                          AND {import_id} = $3)
               AND twilio_sid IS NULL AND twilio_status = 'queued';
             DELETE FROM jobs WHERE kind = 'send_sms' AND state IN ('ready', 'waiting')
               AND {import_id} = $3"
        );
        let sql = self.inner.kind().one_statement(&sql);
        let canceled = on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql)
                .bind(reason)
                .bind(now_ms)
                .bind(id)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(canceled.rows_affected())
    }
}
