//! WAL checkpoints, off the writer's path. A checkpoint copies committed
//! pages into the database file and fsyncs it; run alongside busy commits it
//! slows their own fsyncs (measured: p99 webhook answer 23 ms with a
//! checkpoint every second, 5 ms without). So checkpoints run when the
//! writer has been idle, with a backstop so the WAL stays bounded under
//! sustained load.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::SqlitePool;

const IDLE_BEFORE_CHECKPOINT: Duration = Duration::from_millis(500);
const MAX_COMMITS_BETWEEN_CHECKPOINTS: u64 = 1000;
const MAX_TIME_BETWEEN_CHECKPOINTS: Duration = Duration::from_secs(60);
const POLL: Duration = Duration::from_millis(100);

/// When the WAL has grown too long, how it is rewound.
#[derive(Debug, Clone, Copy)]
pub(super) struct RestartPolicy {
    /// Past this many frames, a RESTART checkpoint rewinds the log.
    pub max_wal_frames: i64,
    /// A RESTART holds the write lock while it waits for readers of older
    /// snapshots: this long at most, so a webhook's commit waits no longer.
    pub longest_writer_pause: Duration,
    /// After readers kept a RESTART from finishing, this long before the next
    /// (PASSIVE checkpoints go on meanwhile); retrying at once would hold the
    /// write lock nearly all the time while a long read lasts.
    pub retry_after: Duration,
}

impl Default for RestartPolicy {
    fn default() -> Self {
        Self {
            // 64 MiB of 1 KiB pages.
            max_wal_frames: 65_536,
            longest_writer_pause: Duration::from_millis(200),
            retry_after: Duration::from_secs(5),
        }
    }
}

/// Commits made by the writer, and when the last one happened.
#[derive(Clone)]
pub(super) struct WriteActivity {
    started: Instant,
    commits: Arc<AtomicU64>,
    last_commit_ms: Arc<AtomicU64>,
}

impl WriteActivity {
    pub(super) fn new() -> Self {
        Self {
            started: Instant::now(),
            commits: Default::default(),
            last_commit_ms: Default::default(),
        }
    }

    pub(super) fn committed(&self) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.last_commit_ms
            .store(self.started.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_commit_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }
}

pub(super) async fn run(pool: SqlitePool, activity: WriteActivity, policy: RestartPolicy) {
    let mut checkpointed_commits = 0;
    let mut last_checkpoint = Instant::now();
    let mut wal_frames = 0;
    let mut no_restart_until = Instant::now();
    loop {
        tokio::time::sleep(POLL).await;
        if pool.is_closed() {
            return;
        }
        let commits = activity.commits.load(Ordering::Relaxed);
        let pending = commits - checkpointed_commits;
        // Under constant reads SQLite never finds a moment to rewind the WAL
        // by itself; past the limit, RESTART waits for current readers (a
        // short writer pause) so the next commit starts the log afresh.
        let mode = if wal_frames > policy.max_wal_frames && Instant::now() >= no_restart_until {
            Mode::Restart
        } else if pending > 0
            && (activity.idle_for() >= IDLE_BEFORE_CHECKPOINT
                || pending >= MAX_COMMITS_BETWEEN_CHECKPOINTS
                || last_checkpoint.elapsed() >= MAX_TIME_BETWEEN_CHECKPOINTS)
        {
            Mode::Passive
        } else {
            continue;
        };
        let started = Instant::now();
        match checkpoint(&pool, mode, policy.longest_writer_pause).await {
            Ok((busy, frames, copied)) => {
                tracing::debug!(
                    mode = mode.pragma(),
                    busy,
                    frames,
                    copied,
                    pending_commits = pending,
                    took_ms = started.elapsed().as_millis() as u64,
                    "WAL checkpoint"
                );
                // After a completed RESTART the log starts over.
                wal_frames = match (mode, busy) {
                    (Mode::Restart, 0) => 0,
                    (Mode::Restart, _) => {
                        no_restart_until = Instant::now() + policy.retry_after;
                        frames
                    }
                    (Mode::Passive, _) => frames,
                };
                checkpointed_commits = commits;
                last_checkpoint = Instant::now();
            }
            Err(_) if pool.is_closed() => return,
            Err(e) => tracing::warn!(error = %e, "WAL checkpoint failed; trying again shortly"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Never waits for (nor blocks) the writer or readers.
    Passive,
    Restart,
}

impl Mode {
    fn pragma(self) -> &'static str {
        match self {
            Mode::Passive => "PASSIVE",
            Mode::Restart => "RESTART",
        }
    }
}

/// One checkpoint, waiting for others at most `wait` (SQLite's busy timeout
/// is per connection; the checkpointer's own one is set here each time).
async fn checkpoint(
    pool: &SqlitePool,
    mode: Mode,
    wait: Duration,
) -> sqlx::Result<(i64, i64, i64)> {
    let mut conn = pool.acquire().await?;
    sqlx::query(&format!("PRAGMA busy_timeout = {}", wait.as_millis()))
        .execute(&mut *conn)
        .await?;
    sqlx::query_as(&format!("PRAGMA wal_checkpoint({})", mode.pragma()))
        .fetch_one(&mut *conn)
        .await
}

/// A last, complete checkpoint when the app stops, leaving a small WAL.
pub(super) async fn finish(pool: &SqlitePool) {
    // The writer has stopped: waiting for readers blocks nobody now.
    let truncate = async {
        let mut conn = pool.acquire().await?;
        sqlx::query("PRAGMA busy_timeout = 10000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await
    };
    if let Err(e) = truncate.await {
        tracing::warn!(error = %e, "final WAL checkpoint failed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
    use sqlx::{Connection, SqliteConnection};

    /// A reader on an old snapshot keeps a RESTART from finishing: the
    /// writer's commits still go through (found by a failed import: the
    /// writer gave up after its busy timeout, "database is locked").
    #[tokio::test]
    async fn a_long_read_never_locks_the_writer_out() {
        let dir = tempfile::tempdir().unwrap();
        let options = SqliteConnectOptions::new()
            .filename(dir.path().join("c.db"))
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .pragma("wal_autocheckpoint", "0")
            // The app's writer waits 10 s; a tenth of that keeps the test short.
            .busy_timeout(Duration::from_secs(1));
        let mut writer = SqliteConnection::connect_with(&options).await.unwrap();
        sqlx::query("CREATE TABLE t (x INTEGER)")
            .execute(&mut writer)
            .await
            .unwrap();
        let mut reader = SqliteConnection::connect_with(&options).await.unwrap();
        let mut long_read = reader.begin().await.unwrap();
        sqlx::query("SELECT COUNT(*) FROM t")
            .fetch_one(&mut *long_read)
            .await
            .unwrap();
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone().busy_timeout(Duration::from_secs(10)))
            .await
            .unwrap();
        let activity = WriteActivity::new();
        let policy = RestartPolicy {
            max_wal_frames: 1,
            ..RestartPolicy::default()
        };
        let checkpoints = tokio::spawn(run(checkpointer, activity.clone(), policy));
        for i in 0..30 {
            sqlx::query("INSERT INTO t VALUES ($1)")
                .bind(i)
                .execute(&mut writer)
                .await
                .unwrap_or_else(|e| panic!("commit {i}: {e}"));
            activity.committed();
            // A pause long enough for an idle-time PASSIVE to see the WAL grow.
            let pause = if i == 0 { 700 } else { 100 };
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        checkpoints.abort();
        long_read.rollback().await.unwrap();
    }
}
