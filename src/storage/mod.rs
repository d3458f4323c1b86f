//! The storage layer: every SQL statement of the app lives under this module.
//!
//! Handlers and the bridge see `Store` (reads, on a pool of reader
//! connections) and `Tx` (one write transaction, on the single writer
//! connection SQLite allows). A Postgres backend would implement the same
//! methods behind these two types; nothing above this module names SQLite.

mod activity_sets;
mod alerts;
mod analytics;
mod analytics_backfill;
mod backup;
#[cfg(test)]
mod both_engines;
mod checkpoint;
mod contact_edits;
mod contact_list;
mod contacts;
mod conversations;
mod csat;
mod csat_sweep;
mod dashboard;
mod engine;
mod events;
mod forward_checks;
mod heartbeats;
mod imports;
mod instances;
mod jobs;
mod list_plan;
mod login_failures;
mod message_counts;
mod messages;
mod migration_policy;
mod open;
pub mod portable;
mod postgres_schema;
mod relay;
mod routes;
mod sandbox;
mod search_index;
mod search_text;
mod settings;
mod sources;
mod status_checks;
mod team;
mod trace;
mod users;
mod webhooks;
mod writer;
#[cfg(test)]
mod writer_recovery;

use futures_util::future::BoxFuture;
use sqlx::SqlitePool;

use engine::{on_engine, Done, Pool, TxConn};

pub use activity_sets::ActivityQuarter;
pub use alerts::{AlertItem, NewAlertItem, ALERT_CURSOR};
pub use analytics::{Booking, BucketCounts, OutcomeGroup};
pub use analytics_backfill::{BackfillCursor, BackfillProgress};
pub use backup::{backup_file, verify_database, NotADatabase};
pub use contact_edits::ContactEdit;
pub use contact_list::{ContactFilter, ContactListRow, ContactSort};
pub use contacts::{Contact, ContactUpsert, OptOutEvidence};
pub use conversations::{BotFilter, ConversationFilter, ConversationRow};
pub use csat::{CsatSurvey, NewSurvey, SurveyRecord};
pub use csat_sweep::{quiet_cursor, Candidate, CursorAt, QuietContact, BOOKINGS_CURSOR};
pub use dashboard::{ContactHit, MessageCounts, MessageHit};
pub use events::{Event, NewEvent};
pub use imports::{ContactImport, ImportProgress, ImportRecord, Imported, NewImport};
pub use jobs::{
    lane_contact, ClaimedJob, FailedJob, Job, JobKind, NewJob, Provider, QueueDepth, QueueStats,
};
pub use login_failures::FailureCount;
pub use message_counts::RouteHour;
pub use messages::{Message, NewMessage};
pub use routes::{Route, RouteActivity, RouteInput};
pub use sandbox::{SandboxData, SANDBOX_MODE};
pub use status_checks::StatusCheck;
pub use team::{TeamChange, TeamMember};
pub use trace::{MessageRef, Trace, TracedMessage};
pub use users::{Role, SessionUser, User};

/// Applied migrations this version does not know are a newer version's,
/// additive by policy (`migration_policy`): they are no reason to refuse to run.
static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate::Migrator {
    ignore_missing: true,
    ..sqlx::migrate!("./migrations")
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("the write could not be committed: {0}")]
    Commit(String),
    #[error("the database writer has stopped")]
    WriterGone,
    /// A feature whose SQL exists for SQLite only so far (issue 11).
    #[error("not available on Postgres yet: {0}")]
    Unsupported(&'static str),
}

impl StoreError {
    /// The column named by a UNIQUE violation, if that is what this is.
    pub fn unique_violation(&self) -> Option<String> {
        let StoreError::Sqlx(sqlx::Error::Database(db)) = self else {
            return None;
        };
        if !db.is_unique_violation() {
            return None;
        }
        // Postgres: detail "Key (twilio_number)=(+15005550006) already exists."
        if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
            let detail = pg.detail()?;
            let columns = detail.strip_prefix("Key (")?.split(')').next()?;
            return columns.rsplit(", ").next().map(str::to_owned);
        }
        // SQLite: "UNIQUE constraint failed: routes.twilio_number"
        db.message().rsplit('.').next().map(str::to_owned)
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Subscribers that fall further behind than this resume from the database.
const EVENT_BUFFER: usize = 4096;

#[derive(Clone)]
pub struct Store {
    writer: writer::WriterHandle,
    /// Every route, kept in memory: inbound texts look theirs up without SQL.
    routes: routes::RouteCache,
    events: tokio::sync::broadcast::Sender<std::sync::Arc<Event>>,
    /// The reader pool (on SQLite, read-only connections beside the writer).
    engine: Pool,
    /// A connection for migrations only, with foreign keys off as SQLite's
    /// procedure for rebuilding a table requires (a rebuilt parent must not
    /// touch its children's rows); all other writes go through `write`, on a
    /// connection that enforces them.
    migrator_pool: Pool,
    /// SQLite's WAL checkpoints run on their own connection.
    checkpointer: Option<SqlitePool>,
    /// Postgres: the connection that listens for other instances' changes.
    listening: Option<sqlx::PgPool>,
    /// Counts settings saves seen from any instance (Postgres; see `relay`).
    settings_saved: tokio::sync::watch::Sender<u64>,
    metrics: crate::monitoring::Metrics,
}

impl Store {
    pub async fn migrate(&self) -> StoreResult<()> {
        match &self.migrator_pool {
            Pool::Sqlite(migrator) => {
                MIGRATOR.run(migrator).await?;
                // Foreign keys were off while migrating (see `migrator_pool`).
                let broken: Vec<(String, i64, String, i64)> =
                    sqlx::query_as("PRAGMA foreign_key_check")
                        .fetch_all(migrator)
                        .await?;
                if let Some((table, row, parent, _)) = broken.first() {
                    return Err(StoreError::Corrupt(format!(
                        "after migrating, {table} row {row} points at a missing {parent} row"
                    )));
                }
            }
            Pool::Postgres(migrator) => {
                postgres_schema::POSTGRES_MIGRATOR.run(migrator).await?;
            }
        }
        routes::reload_from(&self.routes, &self.migrator_pool).await?;
        if let Pool::Sqlite(_) = self.engine {
            // Postgres's word index (`messages_body_words`) follows every write.
            tokio::spawn(search_index::run(self.clone()));
        }
        if let Some(listening) = &self.listening {
            let last_event = self.last_event_id().await?;
            tokio::spawn(relay::run(self.clone(), listening.clone(), last_event));
        }
        Ok(())
    }

    /// A receiver that changes whenever any instance saved settings (on
    /// SQLite, where this instance is the only one, it never changes: the
    /// handlers that save apply their change themselves).
    pub fn settings_saved_anywhere(&self) -> tokio::sync::watch::Receiver<u64> {
        self.settings_saved.subscribe()
    }

    /// The app's metrics registry (created with the store, whose writer
    /// records into it).
    pub fn metrics(&self) -> &crate::monitoring::Metrics {
        &self.metrics
    }

    pub async fn ping(&self) -> StoreResult<()> {
        on_engine!(&self.engine, |db| sqlx::query("SELECT 1")
            .execute(db)
            .await
            .map(Done::from))?;
        Ok(())
    }

    /// Runs `op` in a write transaction and returns its result with the
    /// events it recorded, once they are committed to disk.
    ///
    /// Operations arriving while a commit is in progress share the next
    /// transaction (group commit), each inside its own savepoint: one failing
    /// operation is rolled back alone. `op` must only touch the database.
    pub async fn write<T, F>(&self, op: F) -> StoreResult<(T, Vec<Event>)>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, StoreResult<T>> + Send + 'static,
    {
        self.writer.run(op).await
    }

    /// Committed events, live, in id order. A receiver that lags behind
    /// should catch up with `events_after`.
    pub fn subscribe_events(&self) -> tokio::sync::broadcast::Receiver<std::sync::Arc<Event>> {
        self.events.subscribe()
    }

    pub async fn close(&self) {
        self.writer.close().await;
        if let Some(checkpointer) = &self.checkpointer {
            checkpoint::finish(checkpointer).await;
            checkpointer.close().await;
        }
        self.migrator_pool.close().await;
        self.engine.close().await;
        if let Some(listening) = &self.listening {
            listening.close().await;
        }
    }
}

/// One write transaction (a savepoint of a group commit). Events recorded in
/// it are handed back with the operation's result after the commit, so they
/// are broadcast only once durable.
pub struct Tx {
    inner: TxConn,
    events: Vec<events::PendingEvent>,
    /// Messages this operation inserted, counted for the hourly rollup.
    message_counts: message_counts::HourlyCounts,
    routes: routes::RouteCache,
    /// The current operation changed routes (the cache must follow a rollback).
    routes_changed: bool,
    /// The group saved settings (other instances reload theirs).
    settings_changed: bool,
    /// Hops of messages' traces this operation noted (written with the commit).
    hops: Vec<trace::PendingHop>,
}

fn json_column<T: serde::de::DeserializeOwned>(
    raw: Option<&str>,
    what: &str,
) -> StoreResult<Option<T>> {
    raw.map(|text| {
        serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
    })
    .transpose()
}
