//! Online copies of the database and the checks that a file is one.
//!
//! A copy is `VACUUM INTO` on a reading connection: SQLite writes a
//! consistent snapshot (one read transaction) while the writer goes on
//! committing, and the copy comes out compact, without a WAL. This is
//! SQLite's own statement; a Postgres backend would leave backups to
//! `pg_dump` and its point-in-time recovery.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use super::{Store, StoreError, StoreResult, MIGRATOR};

/// Why a file cannot be restored (or a copy cannot be trusted).
#[derive(Debug, thiserror::Error)]
pub enum NotADatabase {
    #[error("it is not an SQLite database")]
    NotSqlite,
    #[error("it is damaged ({0})")]
    Damaged(String),
    #[error("it is an SQLite database but not closebot-sms's (no migrations table)")]
    NotOurs,
    #[error("it was made by a newer closebot-sms (migration {0} is unknown to this version)")]
    Newer(i64),
    #[error("its migration {0} differs from this version's (was a migration edited?)")]
    Altered(i64),
    #[error("its migration {0} did not finish")]
    Unfinished(i64),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl Store {
    /// Writes a consistent copy of the live database into `dest`, which must
    /// not exist or be empty. Runs on a reader connection, beside the writer.
    #[tracing::instrument(skip_all)]
    pub async fn backup_into(&self, dest: &Path) -> StoreResult<()> {
        // Its own connection: a large copy must not hold one of the
        // dashboard's readers for minutes, nor be logged as a slow query.
        // `VACUUM INTO` is SQLite's; a Postgres installation backs up with its own tools.
        let reader = self.engine.sqlite("backups (VACUUM INTO)")?;
        let options = (*reader.connect_options()).clone();
        let mut conn = quiet(options).connect().await?;
        let copied = vacuum_into(&mut conn, dest).await;
        conn.close().await?;
        copied
    }
}

/// The same copy from outside the server: from the database file at `db`,
/// which may be in use by a running server.
#[tracing::instrument(skip_all)]
pub async fn backup_file(db: &Path, dest: &Path) -> StoreResult<()> {
    let mut conn = open_read_only(db).await?;
    let copied = vacuum_into(&mut conn, dest).await;
    conn.close().await?;
    copied
}

async fn vacuum_into(conn: &mut SqliteConnection, dest: &Path) -> StoreResult<()> {
    let dest = dest
        .to_str()
        .ok_or_else(|| StoreError::Corrupt(format!("{} is not UTF-8", dest.display())))?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest)
        .execute(conn)
        .await?;
    Ok(())
}

/// Checks that `file` is a sound closebot-sms database this version can
/// run: SQLite's integrity check passes (`thorough`) or its quicker
/// structural check, and every migration it has applied is one of ours.
/// Returns how many migrations it has applied.
#[tracing::instrument(skip_all)]
pub async fn verify_database(file: &Path, thorough: bool) -> Result<usize, NotADatabase> {
    let mut conn = open_read_only(file).await.map_err(not_sqlite)?;
    let verified = verify_on(&mut conn, thorough).await;
    conn.close().await.map_err(StoreError::from)?;
    verified
}

async fn verify_on(conn: &mut SqliteConnection, thorough: bool) -> Result<usize, NotADatabase> {
    let check = if thorough {
        "PRAGMA integrity_check"
    } else {
        "PRAGMA quick_check"
    };
    let problems: Vec<String> = sqlx::query_scalar(check)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| not_sqlite(e.into()))?;
    if problems.first().map(String::as_str) != Some("ok") {
        return Err(NotADatabase::Damaged(problems.join("; ")));
    }
    let has_table: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    if has_table.is_none() {
        return Err(NotADatabase::NotOurs);
    }
    let applied: Vec<(i64, Vec<u8>, bool)> =
        sqlx::query_as("SELECT version, checksum, success FROM _sqlx_migrations ORDER BY version")
            .fetch_all(&mut *conn)
            .await
            .map_err(StoreError::from)?;
    if applied.is_empty() {
        return Err(NotADatabase::NotOurs);
    }
    for (version, checksum, success) in &applied {
        let ours = MIGRATOR.iter().find(|m| m.version == *version);
        match ours {
            None => return Err(NotADatabase::Newer(*version)),
            Some(m) if m.checksum.as_ref() != checksum.as_slice() => {
                return Err(NotADatabase::Altered(*version))
            }
            Some(_) if !success => return Err(NotADatabase::Unfinished(*version)),
            Some(_) => {}
        }
    }
    Ok(applied.len())
}

/// A read-only connection to an existing file: never creates one, never
/// changes its journal mode.
pub(super) async fn open_read_only(file: &Path) -> StoreResult<SqliteConnection> {
    Ok(read_only_options(file)?.connect().await?)
}

/// A reading connection's options for the database at `file` (which a
/// running server may be writing).
pub(super) fn read_only_options(file: &Path) -> StoreResult<SqliteConnectOptions> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(file)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(std::time::Duration::from_secs(10));
    Ok(quiet(options))
}

/// A copy or a check of a large database takes as long as it takes.
fn quiet(options: SqliteConnectOptions) -> SqliteConnectOptions {
    options.disable_statement_logging()
}

/// SQLite says "file is not a database" (code 26) for any other kind of file.
fn not_sqlite(e: StoreError) -> NotADatabase {
    match &e {
        StoreError::Sqlx(sqlx::Error::Database(db)) if db.code().as_deref() == Some("26") => {
            NotADatabase::NotSqlite
        }
        _ => NotADatabase::Store(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn live_store(dir: &Path) -> Store {
        let store = Store::open_sqlite(&dir.join("live.db")).await.unwrap();
        store.migrate().await.unwrap();
        store
            .write(|tx| Box::pin(async move { tx.beat("test", 42).await }))
            .await
            .unwrap();
        store
    }

    #[tokio::test]
    async fn a_copy_of_the_live_database_verifies_and_has_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let store = live_store(dir.path()).await;
        let copy = dir.path().join("copy.db");

        store.backup_into(&copy).await.unwrap();

        let applied = verify_database(&copy, true).await.unwrap();
        assert_eq!(applied, MIGRATOR.iter().count());
        let mut conn = open_read_only(&copy).await.unwrap();
        let at: i64 = sqlx::query_scalar("SELECT at FROM heartbeats WHERE name = 'test'")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(at, 42);
        store.close().await;
    }

    #[tokio::test]
    async fn the_file_copy_works_beside_a_running_store_and_refuses_a_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = live_store(dir.path()).await;
        let copy = dir.path().join("copy.db");

        backup_file(&dir.path().join("live.db"), &copy)
            .await
            .unwrap();
        assert!(verify_database(&copy, false).await.is_ok());
        assert!(
            backup_file(&dir.path().join("absent.db"), &dir.path().join("x.db"))
                .await
                .is_err()
        );
        assert!(!dir.path().join("absent.db").exists(), "never created");
        store.close().await;
    }

    #[tokio::test]
    async fn files_that_are_not_our_databases_are_told_apart() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        std::fs::write(&text, "hello, this is not a database at all ".repeat(100)).unwrap();
        assert!(matches!(
            verify_database(&text, true).await,
            Err(NotADatabase::NotSqlite)
        ));

        let other = dir.path().join("other.db");
        let mut conn = SqliteConnectOptions::new()
            .filename(&other)
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (x)")
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(matches!(
            verify_database(&other, true).await,
            Err(NotADatabase::NotOurs)
        ));

        sqlx::query("CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT, installed_on TEXT, success BOOLEAN, checksum BLOB, execution_time BIGINT)")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("INSERT INTO _sqlx_migrations VALUES (99999, 'future', '', 1, x'00', 0)")
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(matches!(
            verify_database(&other, true).await,
            Err(NotADatabase::Newer(99999))
        ));
        sqlx::query("UPDATE _sqlx_migrations SET version = 1")
            .execute(&mut conn)
            .await
            .unwrap();
        assert!(matches!(
            verify_database(&other, true).await,
            Err(NotADatabase::Altered(1))
        ));
    }
}
