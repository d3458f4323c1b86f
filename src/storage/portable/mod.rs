//! A backend-neutral copy of a whole installation: `closebot-sms export`
//! writes every row of every table (see `tables`) to a versioned JSON Lines
//! file (see `format`), `closebot-sms import` loads one into an empty
//! database, on either engine: a file from one loads into the other. The
//! SQL is plain (explicit column lists, `$N` placeholders); what only SQLite
//! has is in `sqlite`, what only Postgres has in `postgres`.

mod batch;
mod export;
mod format;
mod import;
mod postgres;
mod sqlite;
mod tables;

pub use export::export_database;
pub use format::{parse_header, Header, FORMAT, VERSION};
pub use import::{import_database, TableCount};
pub use tables::{Table, ROWID, TABLES};

use std::path::Path;

use super::engine::Pool;
use super::{StoreError, MIGRATOR};

/// The database an export reads or an import fills.
#[derive(Debug, Clone, Copy)]
pub enum Database<'a> {
    /// The SQLite file at this path.
    Sqlite(&'a Path),
    /// The Postgres database at this URL.
    Postgres(&'a str),
}

impl Database<'_> {
    async fn open_for_export(self) -> Result<Pool, StoreError> {
        Ok(match self {
            Database::Sqlite(path) => Pool::Sqlite(sqlite::open_for_export(path).await?),
            Database::Postgres(url) => Pool::Postgres(postgres::open(url).await?),
        })
    }

    async fn open_for_import(self) -> Result<Pool, StoreError> {
        Ok(match self {
            Database::Sqlite(path) => Pool::Sqlite(sqlite::open_for_import(path).await?),
            Database::Postgres(url) => Pool::Postgres(postgres::open(url).await?),
        })
    }
}

/// A row's value at a position, as each engine reads it (SQLite by the
/// value's storage class, Postgres by the column's type).
trait ReadValue {
    fn value_at(&self, i: usize) -> Result<format::Value, sqlx::Error>;
}

impl ReadValue for sqlx::sqlite::SqliteRow {
    fn value_at(&self, i: usize) -> Result<format::Value, sqlx::Error> {
        sqlite::value_at(self, i)
    }
}

impl ReadValue for sqlx::postgres::PgRow {
    fn value_at(&self, i: usize) -> Result<format::Value, sqlx::Error> {
        postgres::value_at(self, i)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PortableError {
    #[error("it is not a closebot-sms export (its first line is not a {FORMAT} header)")]
    NotAnExport,
    #[error("it is in format version {0}; this closebot-sms reads version {VERSION}")]
    UnknownVersion(u32),
    #[error(
        "it was exported by a newer closebot-sms (schema {file}; this version knows up to {ours})"
    )]
    NewerSchema { file: i64, ours: i64 },
    #[error("the database is at migration {database} and this closebot-sms at {ours}: run `closebot-sms migrate` first, or export with the version that migrated it")]
    OtherSchema { database: i64, ours: i64 },
    #[error("the file is damaged or truncated ({0}); nothing was imported")]
    Corrupt(String),
    #[error("the database refused the file's rows ({0}); nothing was imported")]
    Refused(String),
    #[error("the database already holds data ({}); import only into an empty database", .0.join(", "))]
    NotEmpty(Vec<&'static str>),
    #[error("the rows imported do not match the file's header ({}); nothing was imported", mismatches(.0))]
    Mismatch(Vec<TableCount>),
    #[error("could not write the export: {0}")]
    Write(std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for PortableError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(e.into())
    }
}

fn mismatches(counts: &[TableCount]) -> String {
    counts
        .iter()
        .filter(|c| c.found != c.expected)
        .map(|c| {
            format!(
                "{}: {} in the database, {} in the file",
                c.table, c.found, c.expected
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last migration this binary knows: files from a newer schema are
/// refused. Engine-neutral: both migration folders have the same numbers
/// (checked below), so a file's schema means the same tables on either.
pub fn known_schema() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Called with (rows done, rows in all) as an export or import goes on.
pub type Progress<'a> = &'a mut (dyn FnMut(u64, u64) + Send);

#[cfg(test)]
mod tests {
    use crate::storage::postgres_schema::POSTGRES_MIGRATOR;
    use crate::storage::MIGRATOR;

    #[test]
    fn both_engines_number_their_migrations_alike() {
        let versions =
            |m: &sqlx::migrate::Migrator| -> Vec<i64> { m.iter().map(|m| m.version).collect() };
        assert_eq!(versions(&MIGRATOR), versions(&POSTGRES_MIGRATOR));
        assert_eq!(
            super::known_schema(),
            *versions(&POSTGRES_MIGRATOR).last().unwrap()
        );
    }
}
