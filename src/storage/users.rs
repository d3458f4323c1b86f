//! Dashboard users and their server-side sessions.

use serde::Serialize;
use utoipa::ToSchema;

use super::engine::{on_engine, on_tx, Done};
use super::{Store, StoreResult, Tx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    Agent,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Agent => "agent",
        }
    }
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "admin" => Some(Self::Admin),
            "agent" => Some(Self::Agent),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
}

/// The user behind a valid session.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Signed in with a password someone else chose: must choose their own.
    pub must_change_password: bool,
}

type UserRow = (String, String, String, String);

fn user_from_row((id, email, password_hash, role): UserRow) -> User {
    User {
        id,
        email,
        password_hash,
        role: Role::parse(&role).unwrap_or(Role::Agent),
    }
}

impl Store {
    pub async fn user_count(&self) -> StoreResult<i64> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT COUNT(*) FROM users"
        )
        .fetch_one(db)
        .await)?)
    }

    /// A user's password hash, to check their current password.
    pub async fn password_hash(&self, id: &str) -> StoreResult<Option<String>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT password_hash FROM users WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(db)
        .await)?)
    }

    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<User>> {
        let sql = format!(
            "SELECT id, email, password_hash, role FROM users WHERE email = {}",
            self.engine.kind().nocase_param("$1")
        );
        let row: Option<UserRow> = on_engine!(&self.engine, |db| sqlx::query_as(&sql)
            .bind(email.trim())
            .fetch_optional(db)
            .await)?;
        Ok(row.map(user_from_row))
    }

    pub async fn session_user(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<SessionUser>> {
        let row: Option<(String, String, String, bool)> = on_engine!(&self.engine, |db| {
            sqlx::query_as(
                "SELECT u.id, u.email, u.role, u.must_change_password FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(db)
            .await
        })?;
        Ok(
            row.map(|(id, email, role, must_change_password)| SessionUser {
                id,
                email,
                role: Role::parse(&role).unwrap_or(Role::Agent),
                must_change_password,
            }),
        )
    }
}

impl Tx {
    pub async fn insert_user(
        &mut self,
        id: &str,
        email: &str,
        password_hash: &str,
        role: Role,
        must_change_password: bool,
        now_ms: i64,
    ) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "INSERT INTO users (id, email, password_hash, role, must_change_password, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(email.trim())
            .bind(password_hash)
            .bind(role.as_str())
            .bind(must_change_password)
            .bind(now_ms)
            .bind(now_ms)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        Ok(())
    }

    pub async fn insert_session(
        &mut self,
        token_hash: &str,
        user_id: &str,
        now_ms: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        // Expired sessions are swept whenever a new one starts.
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM sessions WHERE expires_at <= $1"
        )
        .bind(now_ms)
        .execute(db)
        .await
        .map(Done::from))?;
        on_tx!(&mut self.inner, |db| {
            sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash)
                .bind(user_id)
                .bind(now_ms)
                .bind(expires_at)
                .execute(db)
                .await
                .map(Done::from)
        })?;
        Ok(())
    }

    pub async fn delete_session(&mut self, token_hash: &str) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM sessions WHERE token_hash = $1"
        )
        .bind(token_hash)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }
}
