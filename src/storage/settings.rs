//! Key/value application settings.

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

#[derive(Debug, Clone)]
pub struct StoredSetting {
    pub value: String,
    pub encrypted: bool,
}

impl Store {
    /// One plain (unencrypted) setting's value.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT value FROM settings WHERE key = $1 AND encrypted = FALSE"
        )
        .bind(key)
        .fetch_optional(db)
        .await)?)
    }

    pub async fn all_settings(&self) -> StoreResult<Vec<(String, StoredSetting)>> {
        let rows: Vec<(String, String, bool)> = on_engine!(&self.engine, |db| sqlx::query_as(
            "SELECT key, value, encrypted FROM settings"
        )
        .fetch_all(db)
        .await)?;
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
        on_tx!(&mut self.inner, |db| sqlx::query(
            "INSERT INTO settings (key, value, encrypted, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, encrypted = excluded.encrypted,
             updated_at = excluded.updated_at",
        )
        .bind(key)
        .bind(value)
        .bind(encrypted)
        .bind(now_ms)
        .execute(db)
        .await
        .map(Done::from))?;
        self.settings_changed = true;
        Ok(())
    }

    pub async fn delete_setting(&mut self, key: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM settings WHERE key = $1"
        )
        .bind(key)
        .execute(db)
        .await
        .map(Done::from))?;
        self.settings_changed = true;
        Ok(())
    }

    /// Inserts only when the key is absent; returns the value now stored.
    pub async fn setting_or_insert(
        &mut self,
        key: &str,
        value: &str,
        now_ms: i64,
    ) -> StoreResult<String> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query("INSERT INTO settings (key, value, encrypted, updated_at) VALUES ($1, $2, FALSE, $3) ON CONFLICT DO NOTHING")
                .bind(key)
                .bind(value)
                .bind(now_ms)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(on_tx!(&mut self.inner, |db| sqlx::query_scalar(
            "SELECT value FROM settings WHERE key = $1"
        )
        .bind(key)
        .fetch_one(db)
        .await)?)
    }
}
