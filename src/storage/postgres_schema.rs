//! The Postgres schema: `migrations/postgres/`, numbered as `migrations/`
//! and building the same tables and columns (docs/postgres.md). The test
//! runs them on a throw-away database when `TEST_DATABASE_URL` names a
//! cluster, and compares the result with SQLite's schema column by column.

/// Applied migrations a newer version wrote are ignored, as on SQLite.
pub(super) static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate::Migrator {
    ignore_missing: true,
    ..sqlx::migrate!("./migrations/postgres")
};

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::str::FromStr;

    use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
    use sqlx::sqlite::SqlitePoolOptions;
    use sqlx::{Executor, PgPool};

    use super::POSTGRES_MIGRATOR;
    use crate::storage::MIGRATOR;

    /// (table, column, NOT NULL) for every column of the app's tables.
    type Columns = BTreeSet<(String, String, bool)>;

    async fn sqlite_columns() -> Columns {
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect("sqlite::memory:")
            .await
            .unwrap();
        MIGRATOR.run(&pool).await.unwrap();
        // FTS5's virtual tables and their shadow tables have no Postgres
        // counterpart (trigram and tsvector indexes instead). A primary key
        // is never NULL whatever SQLite's table info says.
        let rows: Vec<(String, String, bool)> = sqlx::query_as(
            "SELECT m.name, p.name, p.\"notnull\" OR p.pk > 0 FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '%fts%'
               AND m.name <> '_sqlx_migrations'",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        rows.into_iter().collect()
    }

    async fn postgres_columns(pool: &PgPool) -> Columns {
        let rows: Vec<(String, String, bool)> = sqlx::query_as(
            "SELECT table_name::text, column_name::text, is_nullable = 'NO' FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        rows.into_iter().collect()
    }

    #[tokio::test]
    async fn the_postgres_migrations_build_the_sqlite_schema() {
        let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
            return;
        };
        let cluster = PgConnectOptions::from_str(&url).unwrap();
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(cluster.clone())
            .await
            .unwrap();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let name = format!("closebot_schema_{}_{nanos}", std::process::id());
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(cluster.database(&name))
            .await
            .unwrap();
        POSTGRES_MIGRATOR.run(&pool).await.unwrap();
        // A second run finds everything applied.
        POSTGRES_MIGRATOR.run(&pool).await.unwrap();
        let postgres = postgres_columns(&pool).await;
        pool.close().await;
        admin
            .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
            .await
            .unwrap();

        let sqlite = sqlite_columns().await;
        // SQLite's rowid, made an explicit column on Postgres.
        let seq = ("contacts".to_owned(), "seq".to_owned(), true);
        let only_postgres: Vec<_> = postgres
            .difference(&sqlite)
            .filter(|c| **c != seq)
            .collect();
        let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
        assert!(
            only_postgres.is_empty() && only_sqlite.is_empty(),
            "only on Postgres: {only_postgres:?}\nonly on SQLite: {only_sqlite:?}"
        );
        assert!(postgres.contains(&("jobs".into(), "lease_until".into(), false)));
    }
}
