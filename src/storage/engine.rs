//! One storage function body, compiled for each database engine: `Store`
//! keeps a `Pool`, `Tx` a `TxConn`, and every query is written once inside
//! `on_engine!`/`on_tx!` (see docs/postgres.md).

use sqlx::{PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Transaction};

use super::{StoreError, StoreResult};

#[derive(Clone)]
pub(super) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub(super) enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Which engine a pool or transaction is, for the few SQL expressions the
/// two spell differently (each named here, used through these methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Sqlite,
    Postgres,
}

impl Kind {
    /// The engine of a generic query builder's driver.
    pub(super) fn of<DB: sqlx::Database>() -> Kind {
        if DB::NAME == <Postgres as sqlx::Database>::NAME {
            Kind::Postgres
        } else {
            Kind::Sqlite
        }
    }

    /// The text at `key` of the JSON object stored as text in `column`.
    pub(super) fn json_text(self, column: &str, key: &str) -> String {
        match self {
            Kind::Sqlite => format!("json_extract({column}, '$.{key}')"),
            Kind::Postgres => format!("(CAST({column} AS JSONB) ->> '{key}')"),
        }
    }

    /// Contacts' small integer key, the members of the activity bitmaps:
    /// SQLite's `rowid`, an explicit `seq` column on Postgres (docs/postgres.md).
    pub(super) fn contact_seq(self) -> &'static str {
        match self {
            Kind::Sqlite => "rowid",
            Kind::Postgres => "seq",
        }
    }

    /// A group's integer `expr`s as one comma-separated text.
    pub(super) fn comma_list(self, expr: &str) -> String {
        match self {
            Kind::Sqlite => format!("group_concat({expr})"),
            Kind::Postgres => format!("string_agg(CAST({expr} AS TEXT), ',')"),
        }
    }

    /// Several `;`-separated statements as one query. SQLite runs them one
    /// after another as they are; Postgres prepares one statement per query,
    /// so there the earlier statements become data-modifying CTEs of the
    /// last (the same `$N` binds, still one round trip). On Postgres every
    /// statement then sees the database as it was before the query, and
    /// only the last one's rows come back (SQLite sums every statement's
    /// count): callers keep the statements independent of each other's
    /// writes and put the one whose rows or count they read last.
    pub(super) fn one_statement(self, sql: &str) -> std::borrow::Cow<'_, str> {
        match self {
            Kind::Sqlite => sql.into(),
            Kind::Postgres => {
                let statements: Vec<&str> = sql
                    .split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect();
                let Some((last, earlier)) = statements.split_last() else {
                    return sql.into();
                };
                if earlier.is_empty() {
                    return (*last).to_owned().into();
                }
                let ctes: Vec<String> = earlier
                    .iter()
                    .enumerate()
                    .map(|(i, s)| format!("step{i} AS ({s})"))
                    .collect();
                format!("WITH {} {last}", ctes.join(", ")).into()
            }
        }
    }

    /// A text parameter compared with a column that ignores case (users'
    /// email: `COLLATE NOCASE` on SQLite, `citext` on Postgres, where a
    /// `text` parameter would compare with case).
    pub(super) fn nocase_param(self, param: &str) -> String {
        match self {
            Kind::Sqlite => param.to_owned(),
            Kind::Postgres => format!("CAST({param} AS CITEXT)"),
        }
    }

    /// `expr` as a case-insensitive sort key.
    pub(super) fn nocase(self, expr: &str) -> String {
        match self {
            Kind::Sqlite => format!("{expr} COLLATE NOCASE"),
            Kind::Postgres => format!("LOWER({expr})"),
        }
    }
}

/// What an `execute` did, whichever engine ran it: each engine's result
/// type differs, so the arms of `on_engine!`/`on_tx!` convert to this.
#[derive(Debug, Clone, Copy)]
pub(super) struct Done(u64);

/// Text as both engines store it: Postgres's `text` cannot hold NUL, so a
/// NUL becomes U+FFFD on either engine (a text reads back the same on both,
/// and a webhook carrying one is stored, not refused).
pub(super) fn text(raw: &str) -> std::borrow::Cow<'_, str> {
    if raw.contains('\0') {
        std::borrow::Cow::Owned(raw.replace('\0', "\u{FFFD}"))
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

impl Done {
    pub(super) fn rows_affected(self) -> u64 {
        self.0
    }
}

impl From<sqlx::sqlite::SqliteQueryResult> for Done {
    fn from(r: sqlx::sqlite::SqliteQueryResult) -> Self {
        Done(r.rows_affected())
    }
}

impl From<sqlx::postgres::PgQueryResult> for Done {
    fn from(r: sqlx::postgres::PgQueryResult) -> Self {
        Done(r.rows_affected())
    }
}

impl Pool {
    pub(super) async fn begin(&self) -> sqlx::Result<TxConn> {
        Ok(match self {
            Pool::Sqlite(p) => TxConn::Sqlite(p.begin().await?),
            Pool::Postgres(p) => TxConn::Postgres(p.begin().await?),
        })
    }

    pub(super) fn kind(&self) -> Kind {
        match self {
            Pool::Sqlite(_) => Kind::Sqlite,
            Pool::Postgres(_) => Kind::Postgres,
        }
    }

    /// The SQLite pool, for SQL only SQLite has so far (`what` names the
    /// feature in the error Postgres gets; listed in docs/postgres.md, "Left").
    pub(super) fn sqlite(&self, what: &'static str) -> StoreResult<&SqlitePool> {
        match self {
            Pool::Sqlite(p) => Ok(p),
            Pool::Postgres(_) => Err(StoreError::Unsupported(what)),
        }
    }

    pub(super) async fn close(&self) {
        match self {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }

    pub(super) fn is_closed(&self) -> bool {
        match self {
            Pool::Sqlite(p) => p.is_closed(),
            Pool::Postgres(p) => p.is_closed(),
        }
    }
}

impl TxConn {
    pub(super) fn kind(&self) -> Kind {
        match self {
            TxConn::Sqlite(_) => Kind::Sqlite,
            TxConn::Postgres(_) => Kind::Postgres,
        }
    }

    /// The SQLite connection, for SQL only SQLite has so far (see `Pool::sqlite`).
    pub(super) fn sqlite(&mut self, what: &'static str) -> StoreResult<&mut SqliteConnection> {
        match self {
            TxConn::Sqlite(t) => Ok(&mut **t),
            TxConn::Postgres(_) => Err(StoreError::Unsupported(what)),
        }
    }

    pub(super) async fn commit(self) -> sqlx::Result<()> {
        match self {
            TxConn::Sqlite(t) => t.commit().await,
            TxConn::Postgres(t) => t.commit().await,
        }
    }

    pub(super) async fn rollback(self) -> sqlx::Result<()> {
        match self {
            TxConn::Sqlite(t) => t.rollback().await,
            TxConn::Postgres(t) => t.rollback().await,
        }
    }
}

/// Runs `$body` with `$conn` bound to the engine's pool (or connection): the
/// body is written once, in SQL both engines share, and compiled for each.
macro_rules! on_engine {
    ($target:expr, |$conn:ident| $body:expr) => {
        match $target {
            $crate::storage::engine::Pool::Sqlite($conn) => $body,
            $crate::storage::engine::Pool::Postgres($conn) => $body,
        }
    };
}

macro_rules! on_tx {
    ($target:expr, |$conn:ident| $body:expr) => {
        match $target {
            $crate::storage::engine::TxConn::Sqlite(tx) => {
                let $conn = &mut **tx;
                $body
            }
            $crate::storage::engine::TxConn::Postgres(tx) => {
                let $conn = &mut **tx;
                $body
            }
        }
    };
}
pub(super) use {on_engine, on_tx};

#[cfg(test)]
mod spike {
    use super::*;

    struct Demo {
        engine: Pool,
    }

    impl Demo {
        async fn setting(&self, key: &str) -> sqlx::Result<Option<String>> {
            Ok(on_engine!(&self.engine, |pool| {
                sqlx::query_scalar(
                    "SELECT value FROM settings WHERE key = $1 AND encrypted = FALSE",
                )
                .bind(key)
                .fetch_optional(pool)
                .await?
            }))
        }

        async fn flags(&self, keys: &[&str]) -> sqlx::Result<Vec<(String, bool, i64)>> {
            Ok(on_engine!(&self.engine, |pool| {
                let mut q = sqlx::QueryBuilder::new(
                    "SELECT key, value IS NOT NULL, CAST(SUM(updated_at) AS BIGINT) FROM settings WHERE key IN (",
                );
                let mut sep = q.separated(", ");
                for k in keys {
                    sep.push_bind(k.to_string());
                }
                q.push(") GROUP BY key, value");
                q.build_query_as().fetch_all(pool).await?
            }))
        }
    }

    async fn put(tx: &mut TxConn, key: &str, encrypted: bool, now_ms: i64) -> sqlx::Result<u64> {
        Ok(on_tx!(tx, |conn| {
            sqlx::query(
                "INSERT INTO settings (key, value, encrypted, updated_at) VALUES ($1, $1, $2, $3)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            )
            .bind(key)
            .bind(encrypted)
            .bind(now_ms)
            .execute(conn)
            .await?
            .rows_affected()
        }))
    }

    async fn exercise(engine: Pool) {
        let ddl = "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, encrypted BOOLEAN NOT NULL, updated_at BIGINT NOT NULL)";
        let mut tx = engine.begin().await.unwrap();
        on_tx!(&mut tx, |conn| sqlx::query(ddl)
            .execute(conn)
            .await
            .map(Done::from))
        .unwrap();
        assert_eq!(put(&mut tx, "a", false, 5).await.unwrap(), 1);
        assert_eq!(put(&mut tx, "b", true, 7).await.unwrap(), 1);
        tx.commit().await.unwrap();
        let demo = Demo { engine };
        assert_eq!(demo.setting("a").await.unwrap().as_deref(), Some("a"));
        assert_eq!(demo.setting("b").await.unwrap(), None);
        let mut flags = demo.flags(&["a", "b"]).await.unwrap();
        flags.sort();
        assert_eq!(flags, vec![("a".into(), true, 5), ("b".into(), true, 7)]);
    }

    #[test]
    fn statements_become_ctes_on_postgres_only() {
        let sql = "UPDATE a SET x = $1 WHERE id = $2; DELETE FROM b WHERE id = $2;";
        assert_eq!(Kind::Sqlite.one_statement(sql), sql);
        assert_eq!(
            Kind::Postgres.one_statement(sql),
            "WITH step0 AS (UPDATE a SET x = $1 WHERE id = $2) DELETE FROM b WHERE id = $2"
        );
        assert_eq!(Kind::Postgres.one_statement("SELECT 1;"), "SELECT 1");
    }

    #[tokio::test]
    async fn one_body_runs_on_sqlite() {
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        exercise(Pool::Sqlite(pool)).await;
    }

    #[tokio::test]
    async fn one_body_runs_on_postgres() {
        let Ok(url) = std::env::var("SPIKE_PG_URL") else {
            return;
        };
        let pool = sqlx::postgres::PgPoolOptions::new()
            .connect(&url)
            .await
            .unwrap();
        sqlx::query("DROP TABLE IF EXISTS settings")
            .execute(&pool)
            .await
            .unwrap();
        exercise(Pool::Postgres(pool)).await;
    }
}
