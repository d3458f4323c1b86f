//! The single writer: one task owns SQLite's write connection and commits
//! queued operations together (group commit), so each fsync serves many.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, oneshot, Mutex, Notify};

use super::checkpoint::WriteActivity;
use super::engine::{on_tx, Done, Pool, TxConn};
use super::events::PendingEvent;
use super::instances;
use super::message_counts::HourlyCounts;
use super::routes::RouteCache;
use super::trace::PendingHop;
use super::{Event, StoreError, StoreResult, Tx};
use crate::monitoring::Metrics;

/// Most operations folded into one transaction.
const MAX_BATCH: usize = 256;
/// On Postgres each operation's savepoint is a subtransaction; past 64 in
/// one transaction its subtransaction cache overflows and every other
/// session's snapshots get slower.
const MAX_BATCH_POSTGRES: usize = 64;
const QUEUE_DEPTH: usize = 8192;
/// Group commits slower than this are logged (at debug level).
const SLOW_COMMIT: std::time::Duration = std::time::Duration::from_millis(20);

/// Called once the batch's fate is known, with this operation's events.
type Deliver = Box<dyn FnOnce(StoreResult<Vec<Event>>) + Send>;
/// An operation with its result type erased: runs, says whether it succeeded.
type ErasedOp = Box<dyn for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, (bool, Deliver)> + Send>;

#[derive(Clone)]
pub(super) struct WriterHandle {
    queue: mpsc::Sender<ErasedOp>,
    stop: Arc<Notify>,
    finished: Arc<Mutex<Option<oneshot::Receiver<()>>>>,
    commits: CommitClock,
}

/// When the writer last committed, for the health check.
#[derive(Clone)]
struct CommitClock {
    started: std::time::Instant,
    /// Milliseconds after `started` of the last successful commit.
    last: Arc<AtomicU64>,
}

impl CommitClock {
    fn committed(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last.store(now, Ordering::Relaxed);
    }
}

pub(super) fn spawn(
    pool: Pool,
    events: broadcast::Sender<Arc<Event>>,
    routes: RouteCache,
    activity: WriteActivity,
    metrics: Metrics,
) -> WriterHandle {
    let (queue, ops) = mpsc::channel(QUEUE_DEPTH);
    let stop = Arc::new(Notify::new());
    let (done, finished) = oneshot::channel();
    let stopping = stop.clone();
    let commits = CommitClock {
        started: std::time::Instant::now(),
        last: Arc::new(AtomicU64::new(0)),
    };
    let committing = commits.clone();
    // The writer gets a thread and runtime of its own: each of its statements
    // is a hop to SQLite's thread and back, and on the shared runtime every
    // hop would wait behind HTTP tasks before resuming.
    std::thread::Builder::new()
        .name("db-writer".into())
        .spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("the writer's runtime starts");
            let (io, stats) = (
                Io {
                    events,
                    routes,
                    activity,
                },
                Stats {
                    commits: committing,
                    metrics,
                },
            );
            runtime.block_on(run(pool, ops, stopping, io, stats));
            let _ = done.send(());
        })
        .expect("the writer thread starts");
    WriterHandle {
        queue,
        stop,
        finished: Arc::new(Mutex::new(Some(finished))),
        commits,
    }
}

impl WriterHandle {
    pub(super) async fn run<T, F>(&self, op: F) -> StoreResult<(T, Vec<Event>)>
    where
        T: Send + 'static,
        F: for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, StoreResult<T>> + Send + 'static,
    {
        let (reply, answer) = oneshot::channel::<StoreResult<(T, Vec<Event>)>>();
        let erased: ErasedOp = Box::new(move |tx: &mut Tx| {
            async move {
                // `op(tx)` is called inside the guarded future, so an op that
                // panics before returning its future is caught too.
                let outcome = AssertUnwindSafe(async move { op(tx).await })
                    .catch_unwind()
                    .await;
                match outcome {
                    Ok(Ok(value)) => {
                        let deliver: Deliver =
                            Box::new(move |committed: StoreResult<Vec<Event>>| {
                                let _ = reply.send(committed.map(|events| (value, events)));
                            });
                        (true, deliver)
                    }
                    Ok(Err(error)) => {
                        let deliver: Deliver = Box::new(move |_| {
                            let _ = reply.send(Err(error));
                        });
                        (false, deliver)
                    }
                    Err(_) => {
                        tracing::error!("a database write panicked; it was rolled back");
                        let deliver: Deliver = Box::new(move |_| {
                            let _ =
                                reply.send(Err(StoreError::Commit("the write panicked".into())));
                        });
                        (false, deliver)
                    }
                }
            }
            .boxed()
        });
        self.queue
            .send(erased)
            .await
            .map_err(|_| StoreError::WriterGone)?;
        answer.await.map_err(|_| StoreError::WriterGone)?
    }

    /// The writer thread is still taking operations.
    pub(super) fn is_alive(&self) -> bool {
        !self.queue.is_closed()
    }

    /// How long ago the last commit succeeded (since start when none has).
    pub(super) fn since_last_commit(&self) -> std::time::Duration {
        let last = self.commits.last.load(Ordering::Relaxed);
        let now = self.commits.started.elapsed().as_millis() as u64;
        std::time::Duration::from_millis(now.saturating_sub(last))
    }

    /// Finishes what is queued, then closes the connection.
    pub(super) async fn close(&self) {
        // Clones of the sender live on in AppState, so the task is told to
        // stop rather than waiting for the channel to close.
        self.stop.notify_one();
        let finished = self.finished.lock().await.take();
        if let Some(finished) = finished {
            let _ = finished.await;
        }
    }
}

/// What the writer tells others after each commit.
struct Io {
    events: broadcast::Sender<Arc<Event>>,
    routes: RouteCache,
    activity: WriteActivity,
}

/// What the writer measures: the health check's last commit, the metrics.
struct Stats {
    commits: CommitClock,
    metrics: Metrics,
}

async fn run(
    pool: Pool,
    mut ops: mpsc::Receiver<ErasedOp>,
    stop: Arc<Notify>,
    io: Io,
    stats: Stats,
) {
    loop {
        let first = tokio::select! {
            biased;
            op = ops.recv() => match op { Some(op) => op, None => break },
            _ = stop.notified() => break,
        };
        let mut batch = vec![first];
        let most = match pool {
            Pool::Sqlite(_) => MAX_BATCH,
            Pool::Postgres(_) => MAX_BATCH_POSTGRES,
        };
        while batch.len() < most {
            match ops.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        let (size, started) = (batch.len(), std::time::Instant::now());
        if commit_batch(&pool, batch, &io.events, &io.routes).await {
            stats.commits.committed();
        }
        io.activity.committed();
        let took = started.elapsed();
        stats.metrics.group_commit(size, took);
        if took > SLOW_COMMIT {
            tracing::debug!(
                operations = size,
                took_ms = took.as_millis() as u64,
                "slow group commit"
            );
        }
    }
    pool.close().await;
}

/// Runs and commits one batch; true when the commit succeeded.
async fn commit_batch(
    pool: &Pool,
    batch: Vec<ErasedOp>,
    broadcast: &broadcast::Sender<Arc<Event>>,
    routes: &RouteCache,
) -> bool {
    let inner = match begin_group(pool).await {
        Ok(tx) => tx,
        Err(e) => {
            let message = e.to_string();
            for op in batch {
                fail_unrun(op, &message);
            }
            return false;
        }
    };
    let mut tx = Tx {
        inner,
        events: Vec::new(),
        message_counts: HourlyCounts::default(),
        routes: routes.clone(),
        routes_changed: false,
        settings_changed: false,
        hops: Vec::new(),
    };
    let mut batch_counts = HourlyCounts::default();
    let mut batch_hops = Vec::new();
    let mut batch_changed_routes = false;
    let mut delivered = Vec::with_capacity(batch.len());
    let mut ops = batch.into_iter();
    let mut savepoint_open = false;
    while let Some(op) = ops.next() {
        // One round trip closes the previous operation's savepoint and opens
        // this one's; COMMIT releases the last.
        let open = if savepoint_open {
            "RELEASE op; SAVEPOINT op"
        } else {
            "SAVEPOINT op"
        };
        if let Err(e) = open_savepoint(&mut tx.inner, open).await {
            abandon(delivered, Some(op), ops, &e.to_string());
            return false;
        }
        savepoint_open = true;
        tx.routes_changed = false;
        let (ok, deliver) = op(&mut tx).await;
        let events = std::mem::take(&mut tx.events);
        let counts = std::mem::take(&mut tx.message_counts);
        let hops = std::mem::take(&mut tx.hops);
        batch_changed_routes |= tx.routes_changed;
        if ok {
            batch_counts.absorb(counts);
            batch_hops.extend(hops);
            delivered.push((deliver, events));
            continue;
        }
        // This operation alone is undone; the batch goes on.
        deliver(Ok(Vec::new()));
        if let Err(e) = on_tx!(&mut tx.inner, |db| sqlx::query("ROLLBACK TO op")
            .execute(db)
            .await
            .map(Done::from))
        {
            abandon(delivered, None, ops, &e.to_string());
            // The transaction holds the writer's only connection: give it
            // back before reloading through the pool.
            let _ = tx.inner.rollback().await;
            reload_routes(pool, routes).await;
            return false;
        }
        if tx.routes_changed {
            if let Err(e) = super::routes::reload(routes, &mut tx.inner).await {
                tracing::error!(error = %e, "could not reload routes after a rollback");
            }
        }
    }
    // Every operation's events in one statement, in operation order.
    let counts: Vec<usize> = delivered
        .iter()
        .map(|(_, pending): &(Deliver, Vec<PendingEvent>)| pending.len())
        .collect();
    let (delivers, pending): (Vec<Deliver>, Vec<Vec<PendingEvent>>) = delivered.into_iter().unzip();
    let stored = match write_batch_summaries(
        &mut tx,
        pending.into_iter().flatten().collect(),
        batch_counts,
        batch_hops,
        batch_changed_routes,
    )
    .await
    {
        Ok(stored) => stored,
        Err(e) => {
            abandon(
                delivers.into_iter().map(|d| (d, Vec::new())).collect(),
                None,
                ops,
                &e.to_string(),
            );
            let _ = tx.inner.rollback().await;
            reload_routes(pool, routes).await;
            return false;
        }
    };
    match tx.inner.commit().await {
        Ok(()) => {
            // Broadcast here, in commit order, so live listeners see event ids
            // ascending. On Postgres the relay broadcasts every instance's
            // events, this one's included, in id order (see `instances`).
            if matches!(pool, Pool::Sqlite(_)) {
                for event in &stored {
                    let _ = broadcast.send(Arc::new(event.clone()));
                }
            }
            let mut stored = stored.into_iter();
            for (deliver, count) in delivers.into_iter().zip(counts) {
                deliver(Ok(stored.by_ref().take(count).collect()));
            }
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "group commit failed");
            let message = e.to_string();
            for deliver in delivers {
                deliver(Err(StoreError::Commit(message.clone())));
            }
            if batch_changed_routes {
                reload_routes(pool, routes).await;
            }
            false
        }
    }
}

/// Runs the savepoint statements. Two statements without binds: SQLite runs
/// them as one (cached) query; Postgres prepares one statement per query, so
/// they go as a simple-protocol script there.
async fn open_savepoint(tx: &mut TxConn, sql: &'static str) -> sqlx::Result<()> {
    match tx {
        TxConn::Sqlite(tx) => sqlx::query(sql).execute(&mut **tx).await.map(drop),
        TxConn::Postgres(tx) => sqlx::raw_sql(sql).execute(&mut **tx).await.map(drop),
    }
}

/// A group's transaction, holding the group-commit lock on Postgres.
async fn begin_group(pool: &Pool) -> sqlx::Result<TxConn> {
    let mut tx = pool.begin().await?;
    instances::begin_group(&mut tx).await?;
    Ok(tx)
}

/// What a group commit writes once for all its operations: their events (in
/// order), their messages' hourly counts and their trace hops; and what it
/// announces to other instances.
async fn write_batch_summaries(
    tx: &mut Tx,
    events: Vec<PendingEvent>,
    counts: HourlyCounts,
    hops: Vec<PendingHop>,
    routes_changed: bool,
) -> StoreResult<Vec<Event>> {
    counts.flush(&mut tx.inner).await?;
    if !hops.is_empty() {
        super::trace::insert_all(&mut tx.inner, hops).await?;
    }
    let stored = super::events::insert_all(&mut tx.inner, events).await?;
    let changes = instances::Changes {
        events: !stored.is_empty(),
        routes: routes_changed,
        settings: tx.settings_changed,
    };
    instances::announce(&mut tx.inner, changes).await?;
    Ok(stored)
}

/// Brings the route cache back in line with the database.
async fn reload_routes(pool: &Pool, routes: &RouteCache) {
    if let Err(e) = super::routes::reload_from(routes, pool).await {
        tracing::error!(error = %e, "could not reload routes");
    }
}

/// The transaction is unusable: every operation of the batch fails (those
/// already run are rolled back with it).
fn abandon(
    delivered: Vec<(Deliver, Vec<PendingEvent>)>,
    current: Option<ErasedOp>,
    rest: std::vec::IntoIter<ErasedOp>,
    message: &str,
) {
    tracing::error!(error = message, "a group commit had to be abandoned");
    for (deliver, _) in delivered {
        deliver(Err(StoreError::Commit(message.to_owned())));
    }
    for op in current.into_iter().chain(rest) {
        fail_unrun(op, message);
    }
}

/// An operation that never ran: dropping it drops its reply channel, so its
/// caller sees the writer as gone.
fn fail_unrun(op: ErasedOp, message: &str) {
    // The erased op owns the reply sender; dropping it makes the caller see
    // `WriterGone`, which carries no detail, so log the detail here.
    tracing::error!(error = message, "a database write could not start");
    drop(op);
}
