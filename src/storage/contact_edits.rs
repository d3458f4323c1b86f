//! Editing and deleting a contact. A delete removes the contact's messages,
//! events, queued work and alert items; the suppression list keeps an
//! opted-out number (and its evidence).

use super::{Contact, StoreResult, Tx};

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
        let changed = sqlx::query(
            "UPDATE contacts SET
               name = CASE WHEN ?1 THEN ?2 ELSE name END,
               email = CASE WHEN ?3 THEN ?4 ELSE email END,
               company = CASE WHEN ?5 THEN ?6 ELSE company END,
               tags = COALESCE(?7, tags),
               status = COALESCE(?8, status),
               updated_at = ?9
             WHERE id = ?10",
        )
        .bind(edit.name.is_some())
        .bind(edit.name.clone().flatten())
        .bind(edit.email.is_some())
        .bind(edit.email.clone().flatten())
        .bind(edit.company.is_some())
        .bind(edit.company.clone().flatten())
        .bind(tags)
        .bind(edit.status.as_deref())
        .bind(now_ms)
        .bind(id)
        .execute(self.conn())
        .await?;
        if changed.rows_affected() == 0 {
            return Ok(None);
        }
        self.contact(id).await
    }

    /// Deletes the contact and all it carried; false when unknown.
    pub async fn delete_contact(&mut self, id: &str) -> StoreResult<bool> {
        sqlx::query(
            "DELETE FROM jobs WHERE lane IN ('twilio:' || ?1, 'closebot:' || ?1, 'closebot-toggle:' || ?1);
             DELETE FROM events WHERE contact_id = ?1;
             DELETE FROM alert_items WHERE contact_id = ?1;
             DELETE FROM contact_status_changes WHERE contact_id = ?1;
             DELETE FROM messages WHERE contact_id = ?1",
        )
        .bind(id)
        .execute(self.conn())
        .await?;
        let deleted = sqlx::query("DELETE FROM contacts WHERE id = ?")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(deleted.rows_affected() > 0)
    }
}
