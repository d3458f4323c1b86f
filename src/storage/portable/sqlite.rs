//! The steps of an export and an import that only SQLite has, in one place:
//! opening the file, reading a value by its storage class, the
//! `sqlite_sequence` table, its triggers, its full-text indexes and the WAL
//! checkpoint after an import. Postgres's versions of these steps are in
//! `postgres`; the rest is shared.

use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions, SqliteRow};
use sqlx::{ConnectOptions, Row, SqliteConnection, SqlitePool, TypeInfo, ValueRef};

use super::format::Value;
use crate::storage::backup::read_only_options;
use crate::storage::StoreError;

/// The import's pool of one connection to the migrated database at `db`
/// (a pool, so its transaction is an engine `TxConn`): foreign keys
/// enforced, a large page cache for the bulk inserts, statements not logged.
pub(super) async fn open_for_import(db: &Path) -> sqlx::Result<SqlitePool> {
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(db)
        .create_if_missing(false)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("cache_size", "-131072")
        .disable_statement_logging();
    one_connection(options).await
}

/// The export's pool of one reading connection to the database at `db`.
pub(super) async fn open_for_export(db: &Path) -> Result<SqlitePool, StoreError> {
    Ok(one_connection(read_only_options(db)?).await?)
}

async fn one_connection(options: SqliteConnectOptions) -> sqlx::Result<SqlitePool> {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
}

/// After the import's commit: its (large) WAL is folded into the database
/// and truncated, so the first `serve` does not start with it.
pub(super) async fn settle(pool: &SqlitePool) -> sqlx::Result<()> {
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(pool)
        .await?;
    Ok(())
}

/// The value in column `i` of `row`, as SQLite stores it (its columns are
/// typed by value, not by declaration).
pub(super) fn value_at(row: &SqliteRow, i: usize) -> Result<Value, sqlx::Error> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let class = raw.type_info().name().to_owned();
    Ok(match class.as_str() {
        "INTEGER" => Value::Integer(row.try_get_unchecked(i)?),
        "REAL" => Value::Real(row.try_get_unchecked(i)?),
        "TEXT" => Value::Text(row.try_get_unchecked(i)?),
        _ => Value::Blob(row.try_get_unchecked(i)?),
    })
}

/// Runs the insert `sql`, binding the file's `values` as they are (SQLite's
/// columns take any storage class; its booleans are integers).
pub(super) async fn insert(
    conn: &mut SqliteConnection,
    sql: &str,
    values: impl Iterator<Item = Value>,
) -> Result<(), String> {
    let mut query = sqlx::query(sql);
    for value in values {
        query = match value {
            Value::Null => query.bind(None::<i64>),
            Value::Integer(i) => query.bind(i),
            Value::Real(f) => query.bind(f),
            Value::Text(t) => query.bind(t),
            Value::Blob(b) => query.bind(b),
        };
    }
    query.execute(conn).await.map_err(|e| e.to_string())?;
    Ok(())
}

/// The last id each AUTOINCREMENT table handed out.
pub(super) async fn sequences(conn: &mut SqliteConnection) -> sqlx::Result<BTreeMap<String, i64>> {
    let rows: Vec<(String, i64)> = sqlx::query_as("SELECT name, seq FROM sqlite_sequence")
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Sets the sequences to the file's, so no id of a row deleted before the
/// export is handed out again (inserting explicit ids only raised them to
/// the largest id present).
pub(super) async fn set_sequences(
    conn: &mut SqliteConnection,
    sequences: &BTreeMap<String, i64>,
) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sqlite_sequence")
        .execute(&mut *conn)
        .await?;
    for (name, seq) in sequences {
        sqlx::query("INSERT INTO sqlite_sequence (name, seq) VALUES ($1, $2)")
            .bind(name)
            .bind(seq)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Drops every trigger, returning the statements that create them again.
/// An import writes rows as they were, derived columns included: a trigger
/// would count a message twice, log a status change twice or mark a row
/// again. Dropped inside the import's transaction, so a failed import
/// leaves them in place.
pub(super) async fn suspend_triggers(conn: &mut SqliteConnection) -> sqlx::Result<Vec<String>> {
    let triggers: Vec<(String, String)> =
        sqlx::query_as("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")
            .fetch_all(&mut *conn)
            .await?;
    for (name, _) in &triggers {
        sqlx::query(&format!("DROP TRIGGER \"{name}\""))
            .execute(&mut *conn)
            .await?;
    }
    Ok(triggers.into_iter().map(|(_, sql)| sql).collect())
}

pub(super) async fn restore_triggers(
    conn: &mut SqliteConnection,
    statements: &[String],
) -> sqlx::Result<()> {
    for sql in statements {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Fills the full-text indexes from the imported rows: contacts whole (the
/// `contacts_fts_*` triggers' columns, keyed by the contact's rowid), and
/// messages as far as the search indexer had got (`search_index_state`),
/// so it carries on from there as it would have on the old database.
pub(super) async fn rebuild_search(conn: &mut SqliteConnection) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits, email)
         SELECT rowid, id, name, phone_digits, email FROM contacts",
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages
         WHERE id <= (SELECT COALESCE(MAX(indexed_up_to), 0) FROM search_index_state)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The user tables of the database and their columns, for the test that
/// every one is exported (or knowingly left out).
#[cfg(test)]
pub(super) async fn schema(
    conn: &mut SqliteConnection,
) -> sqlx::Result<BTreeMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, c.name FROM sqlite_schema m, pragma_table_info(m.name) c
         WHERE m.type = 'table' ORDER BY m.name, c.cid",
    )
    .fetch_all(conn)
    .await?;
    let mut tables = BTreeMap::<String, Vec<String>>::new();
    for (table, column) in rows {
        tables.entry(table).or_default().push(column);
    }
    Ok(tables)
}
