//! The import's inserts: rows of one table with the same fields gathered
//! into one `INSERT … VALUES (…), (…)`, bound the way the engine needs
//! (SQLite takes the file's values as they are; Postgres binds them by its
//! columns' types).

use super::format::Value;
use super::postgres::{self, Columns};
use super::sqlite;
use super::tables::{column_name, column_sql, quoted, Table};
use super::PortableError;
use crate::storage::engine::{Kind, TxConn};

/// Bind parameters per INSERT: SQLite's historical limit, well under Postgres's.
const MAX_PARAMS: usize = 999;

/// Rows of one table with the same columns, inserted by one statement.
#[derive(Default)]
pub(super) struct Batch {
    table: Option<&'static Table>,
    columns: Vec<&'static str>,
    values: Vec<Value>,
    rows: usize,
    /// The file's line of the batch's first row, for error messages.
    from_line: usize,
}

impl Batch {
    pub(super) fn takes(&self, table: &'static Table, columns: &[&'static str]) -> bool {
        self.table.is_some_and(|t| std::ptr::eq(t, table)) && self.columns == columns
    }

    pub(super) fn start(&mut self, table: &'static Table, columns: Vec<&'static str>, line: usize) {
        self.table = Some(table);
        self.columns = columns;
        self.from_line = line;
    }

    pub(super) fn push(&mut self, values: Vec<Value>) {
        self.values.extend(values);
        self.rows += 1;
    }

    pub(super) fn is_full(&self) -> bool {
        (self.rows + 1) * self.columns.len().max(1) > MAX_PARAMS
    }

    /// Inserts the rows gathered so far; returns how many. `columns` are
    /// Postgres's column types (none on SQLite).
    pub(super) async fn flush(
        &mut self,
        conn: &mut TxConn,
        columns: Option<&Columns>,
    ) -> Result<u64, PortableError> {
        let Some(table) = self.table.filter(|_| self.rows > 0) else {
            return Ok(0);
        };
        let kind = conn.kind();
        let overriding = columns.map_or("", |c| c.overriding(table.name));
        let sql = self.insert_sql(table, kind, overriding);
        let values = self.values.drain(..);
        let inserted = match (conn, columns) {
            (TxConn::Sqlite(tx), _) => sqlite::insert(tx, &sql, values).await,
            (TxConn::Postgres(tx), Some(columns)) => {
                let names: Vec<String> = self
                    .columns
                    .iter()
                    .map(|f| column_name(f, kind).to_owned())
                    .collect();
                match columns.of(table.name, &names) {
                    Ok(types) => postgres::insert(tx, &sql, &names, &types, values).await,
                    Err(e) => Err(e),
                }
            }
            (TxConn::Postgres(_), None) => Err("the column types were not read".to_owned()),
        };
        inserted.map_err(|e| {
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

    /// `INSERT INTO t (a, b) [OVERRIDING SYSTEM VALUE] VALUES ($1, $2), ($3, $4), …`
    fn insert_sql(&self, table: &Table, kind: Kind, overriding: &str) -> String {
        let width = self.columns.len();
        let columns: Vec<String> = self.columns.iter().map(|c| column_sql(c, kind)).collect();
        let rows: Vec<String> = (0..self.rows)
            .map(|r| {
                let params: Vec<String> =
                    (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", params.join(", "))
            })
            .collect();
        format!(
            "INSERT INTO {} ({}) {overriding}VALUES {}",
            quoted(table.name),
            columns.join(", "),
            rows.join(", ")
        )
    }
}
