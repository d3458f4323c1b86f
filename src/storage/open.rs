//! Opening a store: on SQLite (the app today) or on PostgreSQL (issue 11).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

use super::engine::Pool;
use super::{checkpoint, routes, writer, Store, StoreError, StoreResult, EVENT_BUFFER};

impl Store {
    /// Opens (creating when missing) the SQLite database at `path` in WAL mode.
    pub async fn open_sqlite(path: &Path) -> StoreResult<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Sqlx(sqlx::Error::Io(e)))?;
        }
        let options = SqliteConnectOptions::from_str("sqlite://")?
            .filename(path)
            .create_if_missing(true)
            .page_size(1024)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: a webhook is answered only once its message is on disk.
            // Group commit (see `writer`) keeps that affordable.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .pragma("cache_size", "-32000")
            .pragma("temp_store", "memory")
            // Checkpoints run on their own connection (below), not inside
            // the writer's commits, so they never stall a webhook.
            .pragma("wal_autocheckpoint", "0")
            .pragma("journal_size_limit", "67108864");
        // SQLite has one writer at a time: a single writer connection, fed by
        // one task, instead of many connections spinning on SQLITE_BUSY.
        let writer_pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        let reader = SqlitePoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone().read_only(true))
            .await?;
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        let migrator_pool = SqlitePoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .connect_with(options.clone().foreign_keys(false))
            .await?;
        let activity = checkpoint::WriteActivity::new();
        tokio::spawn(checkpoint::run(
            checkpointer.clone(),
            activity.clone(),
            checkpoint::RestartPolicy::default(),
        ));
        Ok(Self::assemble(
            Pool::Sqlite(writer_pool),
            Pool::Sqlite(reader),
            Pool::Sqlite(migrator_pool),
            Some(checkpointer),
            activity,
        ))
    }

    /// Opens the PostgreSQL database at `url`, which any number of instances
    /// may share (see `instances`).
    pub async fn open_postgres(url: &str) -> StoreResult<Self> {
        let options = PgConnectOptions::from_str(url)?;
        // One writer still: group commit and the event ids' order rely on it.
        // A group waits at most 10 s for the group-commit lock (then fails,
        // and its webhooks answer 503 for Twilio to retry), and a group left
        // open by a frozen instance is ended by the server after 15 s, so no
        // instance can hold every other's writes for long.
        let writer_options = options.clone().options([
            ("lock_timeout", "10s"),
            ("idle_in_transaction_session_timeout", "15s"),
        ]);
        let writer_pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(1)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(writer_options)
            .await?;
        let reader = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(options.clone())
            .await?;
        let migrator_pool = PgPoolOptions::new()
            .max_connections(1)
            .min_connections(0)
            .connect_with(options.clone())
            .await?;
        let listening = PgPoolOptions::new()
            .max_connections(1)
            .connect_lazy_with(options);
        let mut store = Self::assemble(
            Pool::Postgres(writer_pool),
            Pool::Postgres(reader),
            Pool::Postgres(migrator_pool),
            None,
            checkpoint::WriteActivity::new(),
        );
        // Started by `migrate`, once the events table exists.
        store.listening = Some(listening);
        Ok(store)
    }

    fn assemble(
        writer_pool: Pool,
        reader: Pool,
        migrator_pool: Pool,
        checkpointer: Option<SqlitePool>,
        activity: checkpoint::WriteActivity,
    ) -> Self {
        let events = tokio::sync::broadcast::channel(EVENT_BUFFER).0;
        let routes = routes::RouteCache::default();
        // The app's metrics start here: the writer, spawned now, records
        // into them (see `monitoring`). One registry per store, so per app.
        let metrics = crate::monitoring::Metrics::new();
        Self {
            writer: writer::spawn(
                writer_pool,
                events.clone(),
                routes.clone(),
                activity,
                metrics.clone(),
            ),
            metrics,
            checkpointer,
            listening: None,
            settings_saved: tokio::sync::watch::channel(0).0,
            routes,
            events,
            engine: reader,
            migrator_pool,
        }
    }
}
