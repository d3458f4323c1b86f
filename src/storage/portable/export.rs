//! Writing the export: one read transaction (a consistent snapshot, taken
//! beside a running server), the header with its counts, then the rows.

use std::collections::BTreeMap;
use std::io::Write;

use futures_util::TryStreamExt;

use super::format::{Header, RowOut, Value, FORMAT, VERSION};
use super::tables::{quoted, TABLES};
use super::{known_schema, postgres, sqlite, Database, PortableError, Progress, ReadValue};
use crate::storage::engine::{on_tx, TxConn};

/// Exports the database `db` (which may be in use) into `out`; returns
/// the header written.
#[tracing::instrument(skip_all)]
pub async fn export_database<W: Write>(
    db: Database<'_>,
    out: &mut W,
    exported_at: i64,
    progress: Progress<'_>,
) -> Result<Header, PortableError> {
    let pool = db.open_for_export().await?;
    let mut tx = pool.begin().await?;
    if let TxConn::Postgres(conn) = &mut tx {
        postgres::snapshot(conn).await?;
    }
    // The first read fixes the snapshot; every later read sees the same one.
    let schema: i64 = on_tx!(&mut tx, |db| sqlx::query_scalar(
        "SELECT MAX(version) FROM _sqlx_migrations"
    )
    .fetch_one(db)
    .await)?;
    // The table list is this version's: a database another version
    // migrated has other tables or columns.
    if schema != known_schema() {
        return Err(PortableError::OtherSchema {
            database: schema,
            ours: known_schema(),
        });
    }
    let sequences = match &mut tx {
        TxConn::Sqlite(conn) => sqlite::sequences(conn).await?,
        TxConn::Postgres(conn) => postgres::sequences(conn).await?,
    };
    let mut counts = BTreeMap::new();
    for table in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {}", quoted(table.name));
        let count: i64 = on_tx!(&mut tx, |db| sqlx::query_scalar(&sql).fetch_one(db).await)?;
        counts.insert(table.name.to_owned(), count.unsigned_abs());
    }
    let header = Header {
        format: FORMAT.into(),
        version: VERSION,
        schema,
        app: env!("CARGO_PKG_VERSION").into(),
        exported_at,
        tables: counts,
        sequences,
    };
    write_line(out, &header)?;
    let total = header.total_rows();
    let mut done = 0;
    let kind = tx.kind();
    for table in TABLES {
        let fields: Vec<&'static str> = table.fields().collect();
        let sql = table.select_all(kind);
        let mut values = Vec::with_capacity(fields.len());
        on_tx!(&mut tx, |db| {
            let mut rows = sqlx::query(&sql).fetch(db);
            while let Some(row) = rows.try_next().await? {
                values.clear();
                for i in 0..fields.len() {
                    values.push(row.value_at(i)?);
                }
                write_line(out, &row_out(table.name, &fields, &values))?;
                done += 1;
                if done % 10_000 == 0 {
                    progress(done, total);
                }
            }
        });
    }
    tx.rollback().await?;
    pool.close().await;
    out.flush().map_err(PortableError::Write)?;
    progress(done, total);
    Ok(header)
}

fn row_out<'a>(table: &'a str, fields: &'a [&'static str], values: &'a [Value]) -> RowOut<'a> {
    RowOut {
        table,
        fields,
        values,
    }
}

fn write_line<W: Write, T: serde::Serialize>(out: &mut W, item: &T) -> Result<(), PortableError> {
    serde_json::to_writer(&mut *out, item).map_err(|e| PortableError::Write(e.into()))?;
    out.write_all(b"\n").map_err(PortableError::Write)
}
