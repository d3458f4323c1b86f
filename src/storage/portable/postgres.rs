//! The steps of an export and an import that only Postgres has, in one
//! place: opening the database, the snapshot, values read and bound by
//! column type, the identity sequences and suspending the triggers. Its
//! `tsvector` and trigram indexes follow the rows: nothing to rebuild.

use std::collections::{BTreeMap, HashMap};
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::{ConnectOptions, PgConnection, PgPool, Row, TypeInfo, ValueRef};

use super::format::Value;
use super::tables::{quoted, TABLES};

/// The pool of one connection an export or import works on.
pub(super) async fn open(url: &str) -> sqlx::Result<PgPool> {
    let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
    PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
}

/// Makes the export's transaction one snapshot: every read sees the
/// database as of the first, whatever the servers commit meanwhile.
pub(super) async fn snapshot(conn: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(conn)
        .await?;
    Ok(())
}

/// A column's type, as far as the export's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ColumnType {
    Boolean,
    Integer,
    Real,
    Text,
    Bytes,
}

impl ColumnType {
    /// From a type's name in `information_schema` (`udt_name`) or a row's.
    fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "bool" | "boolean" => Self::Boolean,
            "int2" | "int4" | "int8" => Self::Integer,
            "float4" | "float8" => Self::Real,
            "text" | "varchar" | "bpchar" | "citext" => Self::Text,
            "bytea" => Self::Bytes,
            _ => return None,
        })
    }
}

/// The value in column `i` of `row`, read by its column's type. Booleans
/// become 0 and 1, as SQLite stores them, so both engines' files agree.
pub(super) fn value_at(row: &PgRow, i: usize) -> Result<Value, sqlx::Error> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let name = raw.type_info().name().to_owned();
    let decode = |e: String| sqlx::Error::ColumnDecode {
        index: i.to_string(),
        source: e.into(),
    };
    Ok(
        match ColumnType::from_name(&name)
            .ok_or_else(|| decode(format!("no export value for type {name}")))?
        {
            ColumnType::Boolean => Value::Integer(row.try_get::<bool, _>(i)?.into()),
            ColumnType::Integer => Value::Integer(match name.to_ascii_lowercase().as_str() {
                "int2" => row.try_get::<i16, _>(i)?.into(),
                "int4" => row.try_get::<i32, _>(i)?.into(),
                _ => row.try_get::<i64, _>(i)?,
            }),
            ColumnType::Real => Value::Real(match name.to_ascii_lowercase().as_str() {
                "float4" => row.try_get::<f32, _>(i)?.into(),
                _ => row.try_get::<f64, _>(i)?,
            }),
            // `citext` is text on the wire.
            ColumnType::Text => Value::Text(row.try_get_unchecked(i)?),
            ColumnType::Bytes => Value::Blob(row.try_get(i)?),
        },
    )
}

/// Every exported table's column types, read from `information_schema`,
/// and the tables whose identity is `GENERATED ALWAYS` (an insert of
/// explicit values must say `OVERRIDING SYSTEM VALUE`).
pub(super) struct Columns {
    types: HashMap<(String, String), ColumnType>,
    always: Vec<String>,
}

impl Columns {
    pub(super) async fn load(conn: &mut PgConnection) -> sqlx::Result<Self> {
        let rows: Vec<(String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(udt_name AS TEXT),
                    CAST(identity_generation AS TEXT)
             FROM information_schema.columns WHERE table_schema = current_schema()",
        )
        .fetch_all(conn)
        .await?;
        let mut columns = Columns {
            types: HashMap::new(),
            always: Vec::new(),
        };
        for (table, column, udt, identity) in rows {
            if identity.as_deref() == Some("ALWAYS") {
                columns.always.push(table.clone());
            }
            if let Some(ty) = ColumnType::from_name(&udt) {
                columns.types.insert((table, column), ty);
            }
        }
        Ok(columns)
    }

    /// The types of `table`'s `columns`, in their order.
    pub(super) fn of(&self, table: &str, columns: &[String]) -> Result<Vec<ColumnType>, String> {
        columns
            .iter()
            .map(|c| {
                self.types
                    .get(&(table.to_owned(), c.clone()))
                    .copied()
                    .ok_or_else(|| format!("{table}.{c} is not a column an import can fill"))
            })
            .collect()
    }

    /// What comes before `VALUES` in an insert of explicit values into `table`.
    pub(super) fn overriding(&self, table: &str) -> &'static str {
        if self.always.iter().any(|t| t == table) {
            "OVERRIDING SYSTEM VALUE "
        } else {
            ""
        }
    }
}

/// Runs the insert `sql`, binding `values` (row after row) by the types of
/// the `columns` they go into.
pub(super) async fn insert(
    conn: &mut PgConnection,
    sql: &str,
    columns: &[String],
    types: &[ColumnType],
    values: impl Iterator<Item = Value>,
) -> Result<(), String> {
    let mut query = sqlx::query(sql);
    for (i, value) in values.enumerate() {
        let ty = types[i % types.len()];
        query = match (ty, value) {
            (ColumnType::Boolean, Value::Null) => query.bind(None::<bool>),
            (ColumnType::Boolean, Value::Integer(i)) => query.bind(i != 0),
            (ColumnType::Integer, Value::Null) => query.bind(None::<i64>),
            (ColumnType::Integer, Value::Integer(i)) => query.bind(i),
            (ColumnType::Real, Value::Null) => query.bind(None::<f64>),
            (ColumnType::Real, Value::Real(f)) => query.bind(f),
            // i64 to f64 may round: the column is a float anyway.
            #[allow(clippy::cast_precision_loss)]
            (ColumnType::Real, Value::Integer(i)) => query.bind(i as f64),
            (ColumnType::Text, Value::Null) => query.bind(None::<String>),
            (ColumnType::Text, Value::Text(t)) => query.bind(t),
            (ColumnType::Bytes, Value::Null) => query.bind(None::<Vec<u8>>),
            (ColumnType::Bytes, Value::Blob(b)) => query.bind(b),
            (ty, value) => {
                let column = &columns[i % columns.len()];
                return Err(format!("{column}: {} in a {ty:?} column", kind(&value)));
            }
        };
    }
    query.execute(conn).await.map_err(|e| e.to_string())?;
    Ok(())
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Integer(_) => "an integer",
        Value::Real(_) => "a real",
        Value::Text(_) => "a text",
        Value::Blob(_) => "bytes",
    }
}

/// The exported tables' identity columns: (table, column).
async fn identities(conn: &mut PgConnection) -> sqlx::Result<Vec<(String, String)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY 1, 2",
    )
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(table, _)| TABLES.iter().any(|t| t.name == table))
        .collect())
}

/// The last id each table's `id` sequence handed out (tables that never
/// handed one out are left out, as SQLite's `sqlite_sequence` leaves them).
/// Sequences are outside the snapshot: they may be ahead of its rows, which
/// only leaves a gap.
pub(super) async fn sequences(conn: &mut PgConnection) -> sqlx::Result<BTreeMap<String, i64>> {
    let mut sequences = BTreeMap::new();
    for (table, column) in identities(&mut *conn).await? {
        if column != "id" {
            continue;
        }
        let last: Option<i64> = sqlx::query_scalar(
            "SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence($1, $2) AS REGCLASS))",
        )
        .bind(quoted(&table))
        .bind(&column)
        .fetch_one(&mut *conn)
        .await?;
        if let Some(last) = last {
            sequences.insert(table, last);
        }
    }
    Ok(sequences)
}

/// Sets every identity sequence past the imported ids and the file's
/// sequences, so no id of a row deleted before the export is handed out
/// again (explicit ids do not move a sequence).
pub(super) async fn set_sequences(
    conn: &mut PgConnection,
    sequences: &BTreeMap<String, i64>,
) -> sqlx::Result<()> {
    for (table, column) in identities(&mut *conn).await? {
        let sql = format!("SELECT MAX({}) FROM {}", quoted(&column), quoted(&table));
        let largest: Option<i64> = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        let from_file = sequences.get(&table).filter(|_| column == "id").copied();
        let Some(last) = largest.max(from_file).filter(|n| *n > 0) else {
            continue;
        };
        sqlx::query("SELECT setval(pg_get_serial_sequence($1, $2), $3)")
            .bind(quoted(&table))
            .bind(&column)
            .bind(last)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Disables (or enables again) every exported table's own triggers. An
/// import writes rows as they were, derived columns included: a trigger
/// would count a message twice, log a status change twice or mark a row
/// again. Inside the import's transaction, so a failed import leaves them
/// enabled; foreign keys (system triggers) stay enforced.
pub(super) async fn user_triggers(conn: &mut PgConnection, enabled: bool) -> sqlx::Result<()> {
    let verb = if enabled { "ENABLE" } else { "DISABLE" };
    for table in TABLES {
        sqlx::query(&format!(
            "ALTER TABLE {} {verb} TRIGGER USER",
            quoted(table.name)
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// After the import's commit: fresh statistics for the loaded tables, so
/// the first queries are planned on the real sizes.
pub(super) async fn settle(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("ANALYZE").execute(pool).await?;
    Ok(())
}
