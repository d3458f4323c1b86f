//! Editing and deleting a contact. A delete removes the contact's messages,
//! events, queued work, alert items and satisfaction surveys; the suppression list keeps an
//! opted-out number (and its evidence).

use super::engine::{on_tx, Done};
use super::{Contact, StoreResult, Tx};
use crate::domain::lead_signals::LeadSignal;

/// The fields a person may edit, already validated; `None` keeps a field.
#[derive(Debug, Clone, Default)]
pub struct ContactEdit {
    pub name: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub company: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    pub status: Option<String>,
}

impl Tx {
    /// Applies `edit`; the contact as it now is, or `None` when unknown.
    pub async fn edit_contact(
        &mut self,
        id: &str,
        edit: &ContactEdit,
        now_ms: i64,
    ) -> StoreResult<Option<Contact>> {
        let tags = edit
            .tags
            .as_ref()
            .map(|t| serde_json::to_string(t).expect("tags serialise"));
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE contacts SET
               name = CASE WHEN $1 THEN $2 ELSE name END,
               email = CASE WHEN $3 THEN $4 ELSE email END,
               company = CASE WHEN $5 THEN $6 ELSE company END,
               tags = COALESCE($7, tags),
               status = COALESCE($8, status),
               updated_at = $9
             WHERE id = $10",
        )
        .bind(edit.name.is_some())
        .bind(
            edit.name
                .clone()
                .flatten()
                .as_deref()
                .map(super::engine::text)
        )
        .bind(edit.email.is_some())
        .bind(
            edit.email
                .clone()
                .flatten()
                .as_deref()
                .map(super::engine::text)
        )
        .bind(edit.company.is_some())
        .bind(
            edit.company
                .clone()
                .flatten()
                .as_deref()
                .map(super::engine::text)
        )
        .bind(tags)
        .bind(edit.status.as_deref())
        .bind(now_ms)
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        if changed.rows_affected() == 0 {
            return Ok(None);
        }
        self.contact(id).await
    }

    /// Sets the status CloseBot's signal stands for; a booked contact is
    /// never taken back to qualified. True when the status changed (the
    /// change is logged by trigger, which is what the survey sweep reads).
    pub async fn apply_lead_signal(
        &mut self,
        id: &str,
        signal: LeadSignal,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE contacts SET status = $1, updated_at = $2
             WHERE id = $3 AND status <> $1 AND ($1 = 'booked' OR status <> 'booked')",
        )
        .bind(signal.status())
        .bind(now_ms)
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(changed.rows_affected() > 0)
    }

    /// Deletes the contact and all it carried; false when unknown.
    pub async fn delete_contact(&mut self, id: &str) -> StoreResult<bool> {
        let sql = self.inner.kind().one_statement(
            "DELETE FROM jobs WHERE lane IN ('twilio:' || $1, 'closebot:' || $1, 'closebot-toggle:' || $1);
             DELETE FROM events WHERE contact_id = $1;
             DELETE FROM alert_items WHERE contact_id = $1;
             DELETE FROM contact_status_changes WHERE contact_id = $1;
             DELETE FROM csat_surveys WHERE contact_id = $1;
             DELETE FROM csat_candidates WHERE contact_id = $1;
             DELETE FROM messages WHERE contact_id = $1",
        );
        on_tx!(&mut self.inner, |db| {
            sqlx::query(&sql).bind(id).execute(db).await.map(Done::from)
        })?;
        let deleted = on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM contacts WHERE id = $1"
        )
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(deleted.rows_affected() > 0)
    }
}
