//! A backend-neutral copy of a whole installation: `closebot-sms export`
//! writes every row of every table (see `tables`) to a versioned JSON Lines
//! file (see `format`), `closebot-sms import` loads one into an empty
//! database. The SQL is plain (explicit column lists, `$N` placeholders);
//! what only SQLite has is in `sqlite`.

mod export;
mod format;
mod import;
mod sqlite;
mod tables;

pub use export::export_database;
pub use format::{parse_header, Header, FORMAT, VERSION};
pub use import::{import_database, TableCount};
pub use tables::{Table, ROWID, TABLES};

use super::{StoreError, MIGRATOR};

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

/// The last migration this binary knows: files from a newer schema are refused.
pub fn known_schema() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Called with (rows done, rows in all) as an export or import goes on.
pub type Progress<'a> = &'a mut (dyn FnMut(u64, u64) + Send);
