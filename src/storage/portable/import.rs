//! Loading an export into an empty, migrated database: one transaction, so
//! a damaged file, a refused row or a count that does not match leaves the
//! database as empty as it was (and a crash midway too).

use std::io::BufRead;
use std::path::Path;

use super::format::{Header, RowLine, Value};
use super::tables::{self, column_sql, quoted, Table, TABLES};
use super::{sqlite, PortableError, Progress};
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

/// Bind parameters per INSERT: SQLite's historical limit, well under Postgres's.
const MAX_PARAMS: usize = 999;

/// Imports the rows that follow `header` in `lines` into the migrated
/// database at `db`; `first_line` is the line number of the first row.
#[tracing::instrument(skip_all)]
pub async fn import_database<R: BufRead>(
    db: &Path,
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
    let pool = Pool::Sqlite(sqlite::open_for_import(db).await?);
    let mut tx = pool.begin().await?;
    let counts = fill(&mut tx, header, lines, first_line, progress).await?;
    tx.commit().await?;
    sqlite::settle(pool.sqlite("import: the WAL checkpoint")?).await?;
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
    let triggers =
        sqlite::suspend_triggers(conn.sqlite("import: suspending the triggers")?).await?;
    // What the migrations seeded (the indexer's and the backfill's
    // positions, the survey cursor) is replaced by the file's rows.
    for table in TABLES.iter().rev() {
        let sql = format!("DELETE FROM {}", quoted(table.name));
        on_tx!(&mut *conn, |db| sqlx::query(&sql)
            .execute(db)
            .await
            .map(Done::from))?;
    }
    let total = header.total_rows();
    let mut batch = Batch::default();
    let mut done = 0;
    for (n, line) in lines.lines().enumerate() {
        let at = first_line + n;
        let line = line.map_err(|e| PortableError::Corrupt(format!("line {at}: {e}")))?;
        if line.is_empty() {
            continue;
        }
        let (table, columns, values) =
            parse_row(&line).map_err(|e| PortableError::Corrupt(format!("line {at}: {e}")))?;
        if !batch.takes(table, &columns) {
            done += batch.flush(conn).await?;
            progress(done, total);
            batch.start(table, columns, at);
        }
        batch.push(values);
        if batch.is_full() {
            done += batch.flush(conn).await?;
            progress(done, total);
        }
    }
    done += batch.flush(conn).await?;
    progress(done, total);
    let counts = count_rows(conn, header).await?;
    if counts.iter().any(|c| c.found != c.expected) {
        return Err(PortableError::Mismatch(counts));
    }
    let sequences = known_sequences(header)?;
    let sqlite_only = conn.sqlite("import: the sequences, search indexes and triggers")?;
    sqlite::set_sequences(sqlite_only, &sequences).await?;
    sqlite::rebuild_search(sqlite_only).await?;
    sqlite::restore_triggers(sqlite_only, &triggers).await?;
    Ok(counts)
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
fn known_sequences(
    header: &Header,
) -> Result<std::collections::BTreeMap<String, i64>, PortableError> {
    match header.sequences.keys().find(|t| tables::find(t).is_none()) {
        Some(unknown) => Err(PortableError::Corrupt(format!(
            "a sequence of an unknown table {unknown:?}"
        ))),
        None => Ok(header.sequences.clone()),
    }
}

/// Rows of one table with the same columns, inserted by one statement.
#[derive(Default)]
struct Batch {
    table: Option<&'static Table>,
    columns: Vec<&'static str>,
    values: Vec<Value>,
    rows: usize,
    /// The file's line of the batch's first row, for error messages.
    from_line: usize,
}

impl Batch {
    fn takes(&self, table: &'static Table, columns: &[&'static str]) -> bool {
        self.table.is_some_and(|t| std::ptr::eq(t, table)) && self.columns == columns
    }

    fn start(&mut self, table: &'static Table, columns: Vec<&'static str>, line: usize) {
        self.table = Some(table);
        self.columns = columns;
        self.from_line = line;
    }

    fn push(&mut self, values: Vec<Value>) {
        self.values.extend(values);
        self.rows += 1;
    }

    fn is_full(&self) -> bool {
        (self.rows + 1) * self.columns.len().max(1) > MAX_PARAMS
    }

    /// Inserts the rows gathered so far; returns how many.
    async fn flush(&mut self, conn: &mut TxConn) -> Result<u64, PortableError> {
        let Some(table) = self.table.filter(|_| self.rows > 0) else {
            return Ok(0);
        };
        let sql = self.insert_sql(table);
        let values = &mut self.values;
        // The file's values bound as they are: Postgres's BOOLEAN columns
        // take no integers, so there the booleans would need their columns'
        // types (docs/postgres.md, "Left").
        on_tx!(&mut *conn, |db| {
            let mut query = sqlx::query(&sql);
            for value in values.drain(..) {
                query = match value {
                    Value::Null => query.bind(None::<i64>),
                    Value::Integer(i) => query.bind(i),
                    Value::Real(f) => query.bind(f),
                    Value::Text(t) => query.bind(t),
                    Value::Blob(b) => query.bind(b),
                };
            }
            query.execute(db).await.map(Done::from)
        })
        .map_err(|e| {
            PortableError::Refused(format!(
                "{} rows from line {}: {e}",
                table.name, self.from_line
            ))
        })?;
        let rows = self.rows;
        self.rows = 0;
        self.from_line += rows;
        Ok(rows as u64)
    }

    /// `INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4), …`
    fn insert_sql(&self, table: &Table) -> String {
        let width = self.columns.len();
        let columns: Vec<String> = self.columns.iter().map(|c| column_sql(c)).collect();
        let rows: Vec<String> = (0..self.rows)
            .map(|r| {
                let params: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        format!(
            "INSERT INTO {} ({}) VALUES {}",
            quoted(table.name),
            columns.join(", "),
            rows.join(", ")
        )
    }
}
