//! Key/value application settings.

use super::{Store, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct StoredSetting {
    pub value: String,
    pub encrypted: bool,
}

impl Store {
    /// One plain (unencrypted) setting's value.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ? AND encrypted = 0")
                .bind(key)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    pub async fn all_settings(&self) -> StoreResult<Vec<(String, StoredSetting)>> {
        let rows: Vec<(String, String, bool)> =
            sqlx::query_as("SELECT key, value, encrypted FROM settings")
                .fetch_all(&self.reader)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(k, value, encrypted)| (k, StoredSetting { value, encrypted }))
            .collect())
    }
}

impl Tx {
    pub async fn put_setting(
        &mut self,
        key: &str,
        value: &str,
        encrypted: bool,
        now_ms: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO settings (key, value, encrypted, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, encrypted = excluded.encrypted,
             updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(encrypted)
        .bind(now_ms)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn delete_setting(&mut self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM settings WHERE key = ?")
            .bind(key)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// Inserts only when the key is absent; returns the value now stored.
    pub async fn setting_or_insert(
        &mut self,
        key: &str,
        value: &str,
        now_ms: i64,
    ) -> StoreResult<String> {
        sqlx::query("INSERT OR IGNORE INTO settings (key, value, encrypted, updated_at) VALUES (?, ?, 0, ?)")
            .bind(key)
            .bind(value)
            .bind(now_ms)
            .execute(self.conn())
            .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                .bind(key)
                .fetch_one(self.conn())
                .await?,
        )
    }
}
