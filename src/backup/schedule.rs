//! Scheduled backups inside `serve`: a copy into `BACKUP_DIR` every
//! `BACKUP_EVERY`, the newest `BACKUP_KEEP` kept. The copy runs on its own
//! reading connection, so webhooks keep being written while it runs.
//!
//! The schedule follows the copies already in the folder rather than the
//! process's start: a server that restarts often still backs up on time,
//! and one that was down past a due time backs up as soon as it is back.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use super::settings::BackupSchedule;
use super::{files, names, BackupError};
use crate::storage::{self, Store};

pub async fn run(store: Store, schedule: BackupSchedule, mut stopped: watch::Receiver<bool>) {
    files::remove_stale_partials(&schedule.dir);
    let every = chrono::TimeDelta::from_std(schedule.every).unwrap_or(chrono::TimeDelta::days(365));
    let metrics = store.metrics().clone();
    let mut due = match latest(&schedule.dir) {
        Some(at) => {
            metrics.newest_backup(at.timestamp_millis() as f64 / 1000.0);
            at + every
        }
        None => Utc::now(),
    };
    tracing::info!(
        folder = %schedule.dir.display(),
        every = %humantime::format_duration(schedule.every),
        keep = schedule.keep,
        next = %due.to_rfc3339(),
        "scheduled backups are on"
    );
    loop {
        let wait = (due - Utc::now()).to_std().unwrap_or(Duration::ZERO);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stopped.wait_for(|stop| *stop) => return,
        }
        let started = std::time::Instant::now();
        let now = Utc::now();
        // A stop does not wait for a copy: the unfinished file is removed.
        let taken = tokio::select! {
            taken = back_up(&store, &schedule.dir, now) => taken,
            _ = stopped.wait_for(|stop| *stop) => return,
        };
        match taken {
            Ok((path, size)) => {
                metrics.backup_written(now.timestamp_millis() as f64 / 1000.0);
                tracing::info!(
                    path = %path.display(),
                    bytes = size,
                    took_ms = started.elapsed().as_millis() as u64,
                    "backup written"
                )
            }
            // The next one is tried at the next interval; the copies kept
            // so far stay untouched.
            Err(e) => {
                metrics.backup_failed();
                tracing::error!(
                    folder = %schedule.dir.display(),
                    error = %e,
                    "scheduled backup failed"
                )
            }
        }
        prune(&schedule.dir, schedule.keep);
        due = Utc::now() + every;
    }
}

/// One scheduled copy, named for `now`.
pub async fn back_up(
    store: &Store,
    folder: &Path,
    now: DateTime<Utc>,
) -> Result<(PathBuf, u64), BackupError> {
    let dest = folder.join(names::scheduled(now));
    let partial = files::partial_in(folder)?;
    store.backup_into(partial.path()).await?;
    storage::verify_database(partial.path(), false)
        .await
        .map_err(BackupError::BadCopy)?;
    let size = files::put_in_place(partial, dest.clone(), false).await?;
    Ok((dest, size))
}

/// Deletes the scheduled copies beyond the newest `keep`; nothing else.
pub fn prune(folder: &Path, keep: usize) {
    let here = match std::fs::read_dir(folder) {
        Ok(entries) => entries
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok()),
        Err(e) => {
            tracing::warn!(folder = %folder.display(), error = %e, "could not list the backups");
            return;
        }
    };
    for name in names::beyond(here.collect::<Vec<_>>(), keep) {
        let path = folder.join(&name);
        match std::fs::remove_file(&path) {
            Ok(()) => tracing::info!(path = %path.display(), "removed an old backup"),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "could not remove an old backup")
            }
        }
    }
}

/// When the newest scheduled copy in `folder` was taken.
fn latest(folder: &Path) -> Option<DateTime<Utc>> {
    std::fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter_map(|e| names::taken_at(&e.file_name().to_string_lossy()))
        .max()
}
