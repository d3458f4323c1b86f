//! The team: listing users and changing their role, password or presence.
//! The checks that keep one admin in place run inside the write, so two
//! admins demoting each other at once cannot both succeed.

use super::engine::{on_engine, on_tx, Done};
use super::users::Role;
use super::{Store, StoreResult, Tx};

/// A user as the team list shows them (no password hash).
#[derive(Debug, Clone)]
pub struct TeamMember {
    pub id: String,
    pub email: String,
    pub role: Role,
    /// Signed in with a password someone else chose; must choose their own.
    pub must_change_password: bool,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

type MemberRow = (String, String, String, bool, i64, Option<i64>);

fn member(
    (id, email, role, must_change_password, created_at, last_login_at): MemberRow,
) -> TeamMember {
    TeamMember {
        id,
        email,
        role: Role::parse(&role).unwrap_or(Role::Agent),
        must_change_password,
        created_at,
        last_login_at,
    }
}

const COLUMNS: &str = "id, email, role, must_change_password, created_at, last_login_at";

/// Why a change to the team was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamChange {
    Done,
    NotFound,
    /// It would leave no admin.
    LastAdmin,
}

impl Store {
    pub async fn team(&self) -> StoreResult<Vec<TeamMember>> {
        let rows: Vec<MemberRow> = on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM users ORDER BY role, email"
        ))
        .fetch_all(db)
        .await)?;
        Ok(rows.into_iter().map(member).collect())
    }

    pub async fn team_member(&self, id: &str) -> StoreResult<Option<TeamMember>> {
        let row: Option<MemberRow> = on_engine!(&self.engine, |db| sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM users WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(db)
        .await)?;
        Ok(row.map(member))
    }

    /// The admins' addresses (alert emails go to them by default).
    pub async fn admin_emails(&self) -> StoreResult<Vec<String>> {
        Ok(on_engine!(&self.engine, |db| sqlx::query_scalar(
            "SELECT email FROM users WHERE role = 'admin' ORDER BY email"
        )
        .fetch_all(db)
        .await)?)
    }
}

impl Tx {
    async fn is_last_admin(&mut self, id: &str) -> StoreResult<bool> {
        let (is_admin, admins): (bool, i64) = on_tx!(&mut self.inner, |db| sqlx::query_as(
            "SELECT COALESCE((SELECT role = 'admin' FROM users WHERE id = $1), FALSE),
                    (SELECT COUNT(*) FROM users WHERE role = 'admin')",
        )
        .bind(id)
        .fetch_one(db)
        .await)?;
        Ok(is_admin && admins <= 1)
    }

    pub async fn set_role(&mut self, id: &str, role: Role, now_ms: i64) -> StoreResult<TeamChange> {
        if role != Role::Admin && self.is_last_admin(id).await? {
            return Ok(TeamChange::LastAdmin);
        }
        let changed = on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE users SET role = $1, updated_at = $2 WHERE id = $3"
        )
        .bind(role.as_str())
        .bind(now_ms)
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(if changed.rows_affected() == 0 {
            TeamChange::NotFound
        } else {
            TeamChange::Done
        })
    }

    /// Removes a user; their sessions end with them (foreign key cascade).
    pub async fn remove_user(&mut self, id: &str) -> StoreResult<TeamChange> {
        if self.is_last_admin(id).await? {
            return Ok(TeamChange::LastAdmin);
        }
        let removed = on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM users WHERE id = $1"
        )
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(if removed.rows_affected() == 0 {
            TeamChange::NotFound
        } else {
            TeamChange::Done
        })
    }

    /// Sets a new password hash. `must_change`: someone else chose it. Every
    /// session of the user but `keep_session` (a hash) ends.
    pub async fn set_password(
        &mut self,
        id: &str,
        password_hash: &str,
        must_change: bool,
        keep_session: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<bool> {
        let changed = on_tx!(&mut self.inner, |db| {
            sqlx::query(
                "UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4",
            )
            .bind(password_hash)
            .bind(must_change)
            .bind(now_ms)
            .bind(id)
            .execute(db)
            .await
            .map(Done::from)
        })?;
        on_tx!(&mut self.inner, |db| sqlx::query(
            "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> COALESCE($2, '')"
        )
        .bind(id)
        .bind(keep_session)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(changed.rows_affected() > 0)
    }

    pub async fn note_login(&mut self, id: &str, now_ms: i64) -> StoreResult<()> {
        on_tx!(&mut self.inner, |db| sqlx::query(
            "UPDATE users SET last_login_at = $1 WHERE id = $2"
        )
        .bind(now_ms)
        .bind(id)
        .execute(db)
        .await
        .map(Done::from))?;
        Ok(())
    }
}
