//! Loading an export into an empty, migrated database: one transaction, so
//! a damaged file, a refused row or a count that does not match leaves the
//! database as empty as it was (and a crash midway too).

use std::collections::BTreeMap;
use std::io::BufRead;

use super::batch::Batch;
use super::format::{Header, RowLine, Value};
use super::postgres::{self, Columns};
use super::tables::{self, quoted, Table, TABLES};
use super::{sqlite, Database, PortableError, Progress};
use crate::storage::engine::{on_tx, Done, Pool, TxConn};

/// What an import found: a table's rows in the database and in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCount {
    pub table: &'static str,
    pub found: u64,
    pub expected: u64,
}

/// A target holding any of these is not empty: an import never merges.
const MUST_BE_EMPTY: [&str; 4] = ["routes", "contacts", "messages", "users"];

/// Imports the rows that follow `header` in `lines` into the migrated
/// database `db`; `first_line` is the line number of the first row.
#[tracing::instrument(skip_all)]
pub async fn import_database<R: BufRead>(
    db: Database<'_>,
    header: &Header,
    lines: R,
    first_line: usize,
    progress: Progress<'_>,
) -> Result<Vec<TableCount>, PortableError> {
    if let Some(unknown) = header.tables.keys().find(|t| tables::find(t).is_none()) {
        return Err(PortableError::Corrupt(format!(
            "the header names an unknown table {unknown:?}"
        )));
    }
    let pool = db.open_for_import().await?;
    let mut tx = pool.begin().await?;
    let counts = fill(&mut tx, header, lines, first_line, progress).await?;
    tx.commit().await?;
    match &pool {
        Pool::Sqlite(pool) => sqlite::settle(pool).await?,
        Pool::Postgres(pool) => postgres::settle(pool).await?,
    }
    pool.close().await;
    Ok(counts)
}

async fn fill<R: BufRead>(
    conn: &mut TxConn,
    header: &Header,
    lines: R,
    first_line: usize,
    progress: Progress<'_>,
) -> Result<Vec<TableCount>, PortableError> {
    ensure_empty(conn).await?;
    let load = Load::suspend(conn).await?;
    // What the migrations seeded (the indexer's and the backfill's
    // positions, the survey cursor) is replaced by the file's rows.
    for table in TABLES.iter().rev() {
        let sql = format!("DELETE FROM {}", quoted(table.name));
        on_tx!(&mut *conn, |db| sqlx::query(&sql)
            .execute(db)
            .await
            .map(Done::from))?;
    }
    let columns = load.columns();
    let total = header.total_rows();
    let mut batch = Batch::default();
    let mut done = 0;
    for (n, line) in lines.lines().enumerate() {
        let at = first_line + n;
        let line = line.map_err(|e| PortableError::Corrupt(format!("line {at}: {e}")))?;
        if line.is_empty() {
            continue;
        }
        let (table, fields, values) =
            parse_row(&line).map_err(|e| PortableError::Corrupt(format!("line {at}: {e}")))?;
        if !batch.takes(table, &fields) {
            done += batch.flush(conn, columns).await?;
            progress(done, total);
            batch.start(table, fields, at);
        }
        batch.push(values);
        if batch.is_full() {
            done += batch.flush(conn, columns).await?;
            progress(done, total);
        }
    }
    done += batch.flush(conn, columns).await?;
    progress(done, total);
    let counts = count_rows(conn, header).await?;
    if counts.iter().any(|c| c.found != c.expected) {
        return Err(PortableError::Mismatch(counts));
    }
    load.finish(conn, &known_sequences(header)?).await?;
    Ok(counts)
}

/// What only one engine does around the load.
enum Load {
    /// SQLite: the triggers dropped, to create again.
    Sqlite { triggers: Vec<String> },
    /// Postgres: the columns' types, to bind the values by.
    Postgres { columns: Columns },
}

impl Load {
    /// Suspends the triggers (see `sqlite::suspend_triggers`,
    /// `postgres::user_triggers`) before the first row is written.
    async fn suspend(conn: &mut TxConn) -> sqlx::Result<Self> {
        Ok(match conn {
            TxConn::Sqlite(tx) => Load::Sqlite {
                triggers: sqlite::suspend_triggers(tx).await?,
            },
            TxConn::Postgres(tx) => {
                postgres::user_triggers(tx, false).await?;
                Load::Postgres {
                    columns: Columns::load(tx).await?,
                }
            }
        })
    }

    fn columns(&self) -> Option<&Columns> {
        match self {
            Load::Sqlite { .. } => None,
            Load::Postgres { columns } => Some(columns),
        }
    }

    /// Once every row is in: the sequences, SQLite's search indexes, and
    /// the triggers back.
    async fn finish(
        self,
        conn: &mut TxConn,
        sequences: &BTreeMap<String, i64>,
    ) -> Result<(), PortableError> {
        match (self, conn) {
            (Load::Sqlite { triggers }, TxConn::Sqlite(tx)) => {
                sqlite::set_sequences(tx, sequences).await?;
                sqlite::rebuild_search(tx).await?;
                sqlite::restore_triggers(tx, &triggers).await?;
            }
            (Load::Postgres { .. }, TxConn::Postgres(tx)) => {
                postgres::set_sequences(tx, sequences).await?;
                postgres::user_triggers(tx, true).await?;
            }
            _ => return Err(PortableError::Refused("one import, two engines".into())),
        }
        Ok(())
    }
}

async fn ensure_empty(conn: &mut TxConn) -> Result<(), PortableError> {
    let mut holding = Vec::new();
    for table in MUST_BE_EMPTY {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table));
        let any: bool = on_tx!(&mut *conn, |db| sqlx::query_scalar(&sql)
            .fetch_one(db)
            .await)?;
        if any {
            holding.push(table);
        }
    }
    if holding.is_empty() {
        Ok(())
    } else {
        Err(PortableError::NotEmpty(holding))
    }
}

/// A row line's table and its fields in the table's order (a file from an
/// older version may lack newer columns: they take their defaults).
fn parse_row(line: &str) -> Result<(&'static Table, Vec<&'static str>, Vec<Value>), String> {
    let RowLine { table, mut row } = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let table = tables::find(&table).ok_or_else(|| format!("unknown table {table:?}"))?;
    let mut columns = Vec::with_capacity(row.len());
    let mut values = Vec::with_capacity(row.len());
    for field in table.fields() {
        if let Some(json) = row.remove(field) {
            columns.push(field);
            values.push(Value::try_from(json).map_err(|e| format!("{}.{field}: {e}", table.name))?);
        }
    }
    match row.keys().next() {
        Some(unknown) => Err(format!("{} has no column {unknown:?}", table.name)),
        None => Ok((table, columns, values)),
    }
}

async fn count_rows(conn: &mut TxConn, header: &Header) -> Result<Vec<TableCount>, PortableError> {
    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {}", quoted(table.name));
        let found: i64 = on_tx!(&mut *conn, |db| sqlx::query_scalar(&sql)
            .fetch_one(db)
            .await)?;
        counts.push(TableCount {
            table: table.name,
            found: found.unsigned_abs(),
            expected: header.tables.get(table.name).copied().unwrap_or(0),
        });
    }
    Ok(counts)
}

/// The header's sequences, for tables this version knows.
fn known_sequences(header: &Header) -> Result<BTreeMap<String, i64>, PortableError> {
    match header.sequences.keys().find(|t| tables::find(t).is_none()) {
        Some(unknown) => Err(PortableError::Corrupt(format!(
            "a sequence of an unknown table {unknown:?}"
        ))),
        None => Ok(header.sequences.clone()),
    }
}
