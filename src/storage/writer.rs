//! The single writer: one task owns SQLite's write connection and commits
//! queued operations together (group commit), so each fsync serves many.

use std::panic::AssertUnwindSafe;

use futures_util::future::BoxFuture;
use futures_util::FutureExt;
use sqlx::SqlitePool;
use std::sync::Arc;

use tokio::sync::{broadcast, mpsc, oneshot, Mutex, Notify};
use tokio::task::JoinHandle;

use super::{Event, StoreError, StoreResult, Tx};

/// Most operations folded into one transaction.
const MAX_BATCH: usize = 256;
const QUEUE_DEPTH: usize = 8192;

/// Called once the batch's fate is known, with this operation's events.
type Deliver = Box<dyn FnOnce(StoreResult<Vec<Event>>) + Send>;
/// An operation with its result type erased: runs, says whether it succeeded.
type ErasedOp = Box<dyn for<'a> FnOnce(&'a mut Tx) -> BoxFuture<'a, (bool, Deliver)> + Send>;

#[derive(Clone)]
pub(super) struct WriterHandle {
    queue: mpsc::Sender<ErasedOp>,
    stop: Arc<Notify>,
    task: Arc<Mutex<Option<JoinHandle<()>>>>,
}

pub(super) fn spawn(pool: SqlitePool, events: broadcast::Sender<Arc<Event>>) -> WriterHandle {
    let (queue, ops) = mpsc::channel(QUEUE_DEPTH);
    let stop = Arc::new(Notify::new());
    let task = tokio::spawn(run(pool, ops, stop.clone(), events));
    WriterHandle {
        queue,
        stop,
        task: Arc::new(Mutex::new(Some(task))),
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
                let outcome = AssertUnwindSafe(op(tx)).catch_unwind().await;
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

    /// Finishes what is queued, then closes the connection.
    pub(super) async fn close(&self) {
        // Clones of the sender live on in AppState, so the task is told to
        // stop rather than waiting for the channel to close.
        self.stop.notify_one();
        let task = self.task.lock().await.take();
        if let Some(task) = task {
            let _ = task.await;
        }
    }
}

async fn run(
    pool: SqlitePool,
    mut ops: mpsc::Receiver<ErasedOp>,
    stop: Arc<Notify>,
    events: broadcast::Sender<Arc<Event>>,
) {
    loop {
        let first = tokio::select! {
            biased;
            op = ops.recv() => match op { Some(op) => op, None => break },
            _ = stop.notified() => break,
        };
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match ops.try_recv() {
                Ok(op) => batch.push(op),
                Err(_) => break,
            }
        }
        commit_batch(&pool, batch, &events).await;
    }
    pool.close().await;
}

async fn commit_batch(
    pool: &SqlitePool,
    batch: Vec<ErasedOp>,
    broadcast: &broadcast::Sender<Arc<Event>>,
) {
    let inner = match pool.begin().await {
        Ok(tx) => tx,
        Err(e) => {
            let message = e.to_string();
            for op in batch {
                fail_unrun(op, &message);
            }
            return;
        }
    };
    let mut tx = Tx {
        inner,
        events: Vec::new(),
    };
    let mut delivered = Vec::with_capacity(batch.len());
    for op in batch {
        if let Err(e) = sqlx::query("SAVEPOINT op").execute(tx.conn()).await {
            fail_unrun(op, &e.to_string());
            continue;
        }
        let (ok, deliver) = op(&mut tx).await;
        let events = std::mem::take(&mut tx.events);
        let closed = if ok {
            sqlx::query("RELEASE op").execute(tx.conn()).await
        } else {
            match sqlx::query("ROLLBACK TO op").execute(tx.conn()).await {
                Ok(_) => sqlx::query("RELEASE op").execute(tx.conn()).await,
                Err(e) => Err(e),
            }
        };
        match (ok, closed) {
            (true, Ok(_)) => delivered.push((deliver, events)),
            (true, Err(e)) => deliver(Err(StoreError::Commit(e.to_string()))),
            (false, _) => deliver(Ok(Vec::new())),
        }
    }
    match tx.inner.commit().await {
        Ok(()) => {
            // Broadcast here, in commit order, so live listeners see event ids ascending.
            for event in delivered.iter().flat_map(|(_, events)| events) {
                let _ = broadcast.send(Arc::new(event.clone()));
            }
            for (deliver, events) in delivered {
                deliver(Ok(events));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "group commit failed");
            let message = e.to_string();
            for (deliver, _) in delivered {
                deliver(Err(StoreError::Commit(message.clone())));
            }
        }
    }
}

/// An operation that never ran: run it against nothing to get its reply
/// channel, by delivering a failure.
fn fail_unrun(op: ErasedOp, message: &str) {
    // The erased op owns the reply sender; dropping it makes the caller see
    // `WriterGone`, which carries no detail, so log the detail here.
    tracing::error!(error = message, "a database write could not start");
    drop(op);
}
