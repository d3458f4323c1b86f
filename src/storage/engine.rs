//! Spike: one storage function body, compiled for each database engine.

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

#[derive(Clone)]
pub(super) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

pub(super) enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
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
        let mut tx = match &engine {
            Pool::Sqlite(p) => TxConn::Sqlite(p.begin().await.unwrap()),
            Pool::Postgres(p) => TxConn::Postgres(p.begin().await.unwrap()),
        };
        on_tx!(&mut tx, |conn| drop(
            sqlx::query(ddl).execute(conn).await.unwrap()
        ));
        assert_eq!(put(&mut tx, "a", false, 5).await.unwrap(), 1);
        assert_eq!(put(&mut tx, "b", true, 7).await.unwrap(), 1);
        match tx {
            TxConn::Sqlite(t) => t.commit().await.unwrap(),
            TxConn::Postgres(t) => t.commit().await.unwrap(),
        }
        let demo = Demo { engine };
        assert_eq!(demo.setting("a").await.unwrap().as_deref(), Some("a"));
        assert_eq!(demo.setting("b").await.unwrap(), None);
        let mut flags = demo.flags(&["a", "b"]).await.unwrap();
        flags.sort();
        assert_eq!(flags, vec![("a".into(), true, 5), ("b".into(), true, 7)]);
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
