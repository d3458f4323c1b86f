//! Backups: `closebot-sms backup FILE` (a consistent copy, taken while the
//! server serves), `closebot-sms restore FILE` (puts one back, refused while
//! a server runs on the database), and the copies `serve` takes on a
//! schedule (`BACKUP_DIR`, `BACKUP_EVERY`, `BACKUP_KEEP`). Beside them,
//! `export FILE` / `import FILE` (`portable`) move an installation as rows,
//! in a file any storage backend reads.

mod files;
pub mod lock;
pub mod names;
pub mod portable;
pub mod schedule;
pub mod settings;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::storage::{self, NotADatabase, StoreError};
use lock::{DatabaseLock, LockError};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("there is no database at {}", .0.display())]
    NoDatabase(PathBuf),
    #[error("there is no file at {}", .0.display())]
    NoFile(PathBuf),
    #[error("{} already exists (add --force to replace it)", .0.display())]
    Exists(PathBuf),
    #[error("{} is a folder: name the {kind} file, e.g. {}", .path.display(), .path.join(.example).display())]
    Folder {
        path: PathBuf,
        /// "backup", "export"
        kind: &'static str,
        example: &'static str,
    },
    #[error("{} is the database itself", .0.display())]
    SameFile(PathBuf),
    #[error("{} cannot be restored: {why}", .file.display())]
    NotRestorable { file: PathBuf, why: NotADatabase },
    #[error("the copy failed its check ({0}); is the database damaged?")]
    BadCopy(NotADatabase),
    #[error("a closebot-sms server{} is running on {}; stop it before {doing}", pid_of(*.pid), .database.display())]
    InUse {
        database: PathBuf,
        pid: Option<u32>,
        /// "restoring", "importing"
        doing: &'static str,
    },
    #[error("{} cannot be imported: {why}", .file.display())]
    NotImportable {
        file: PathBuf,
        why: storage::portable::PortableError,
    },
    #[error(transparent)]
    Portable(#[from] storage::portable::PortableError),
    #[error("could not {doing}: {cause}")]
    Io {
        doing: String,
        cause: std::io::Error,
    },
    #[error(transparent)]
    Lock(LockError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn pid_of(pid: Option<u32>) -> String {
    pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
}

impl BackupError {
    /// For `map_err`: an I/O failure while doing `what` to `path`.
    fn io(what: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let doing = format!("{what} {}", path.display());
        move |cause| Self::Io { doing, cause }
    }
}

/// Writes a consistent copy of the database at `database` to `dest` and
/// returns its size. The database may be in use by a running server.
pub async fn take(database: &Path, dest: &Path, replace: bool) -> Result<u64, BackupError> {
    check_destination(
        Some(database),
        dest,
        replace,
        ("backup", "closebot-sms-backup.db"),
    )?;
    let partial = files::partial_in(files::folder_of(dest))?;
    storage::backup_file(database, partial.path()).await?;
    storage::verify_database(partial.path(), false)
        .await
        .map_err(BackupError::BadCopy)?;
    files::put_in_place(partial, dest.to_owned(), replace).await
}

/// Refuses to write a copy of `database` (a file; none on Postgres) to
/// `dest` when there is no database, `dest` is a folder (`kind` of file,
/// and a name to suggest), or the database itself, or exists and may not
/// be replaced.
fn check_destination(
    database: Option<&Path>,
    dest: &Path,
    replace: bool,
    (kind, example): (&'static str, &'static str),
) -> Result<(), BackupError> {
    if let Some(database) = database.filter(|d| !d.is_file()) {
        return Err(BackupError::NoDatabase(database.to_owned()));
    }
    if dest.is_dir() {
        return Err(BackupError::Folder {
            path: dest.to_owned(),
            kind,
            example,
        });
    }
    if dest.exists() && !replace {
        return Err(BackupError::Exists(dest.to_owned()));
    }
    if database.is_some_and(|database| same_file(database, dest)) {
        return Err(BackupError::SameFile(dest.to_owned()));
    }
    Ok(())
}

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    /// Where the database it replaced now is (none when there was none).
    pub replaced: Option<PathBuf>,
}

/// Replaces the database at `database` with the backup `file`, after
/// checking that `file` is a sound closebot-sms database and that no server
/// runs on `database`. The replaced database is kept beside it
/// (`names::before_restore`), its WAL with it, so a restore can be undone.
pub async fn restore(
    database: &Path,
    file: &Path,
    now: DateTime<Utc>,
) -> Result<Restored, BackupError> {
    if !file.is_file() {
        return Err(BackupError::NoFile(file.to_owned()));
    }
    if same_file(database, file) {
        return Err(BackupError::SameFile(file.to_owned()));
    }
    storage::verify_database(file, true)
        .await
        .map_err(|why| BackupError::NotRestorable {
            file: file.to_owned(),
            why,
        })?;
    let _lock = lock_for(database, "restoring")?;
    // A copy made by SQLite rather than of the bytes: a backup that is
    // itself a live database (say, an earlier `before-restore` file with
    // its WAL) comes over whole.
    let partial = files::partial_in(files::folder_of(database))?;
    storage::backup_file(file, partial.path()).await?;
    let replaced = set_aside(database, now)?;
    files::put_in_place(partial, database.to_owned(), true).await?;
    Ok(Restored { replaced })
}

/// The files SQLite keeps beside a database; a leftover one would be
/// applied to the restored database, so they move with the old one.
const SIDECARS: [&str; 3] = ["-wal", "-journal", "-shm"];

/// Moves the database and its WAL to their `before-restore` names.
fn set_aside(database: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>, BackupError> {
    let before = names::before_restore(database, now);
    // The WAL first: a crash between the two renames leaves the database
    // without its latest commits, never a database with someone else's WAL.
    for suffix in SIDECARS {
        let sidecar = names::with_suffix(database, suffix);
        if sidecar.exists() {
            let to = names::with_suffix(&before, suffix);
            std::fs::rename(&sidecar, &to).map_err(BackupError::io("move", &sidecar))?;
        }
    }
    if !database.exists() {
        return Ok(None);
    }
    std::fs::rename(database, &before).map_err(BackupError::io("move", database))?;
    files::sync_folder(files::folder_of(database))?;
    Ok(Some(before))
}

/// Takes the database's lock for a command that must not run beside a
/// server (`doing` is named in the refusal).
fn lock_for(database: &Path, doing: &'static str) -> Result<DatabaseLock, BackupError> {
    DatabaseLock::acquire(database).map_err(|e| match e {
        LockError::Held { database, pid } => BackupError::InUse {
            database,
            pid,
            doing,
        },
        other => BackupError::Lock(other),
    })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
