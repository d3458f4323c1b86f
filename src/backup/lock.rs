//! Who has the database: a running server (or a restore in progress) holds
//! an exclusive advisory lock on `<database>.lock` for as long as it runs.
//! The operating system drops the lock when the process ends, however it
//! ends, so a crashed server never blocks a restore, and a restore never
//! swaps the file under a live server.

use std::fs::File;
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct DatabaseLock {
    // Held only for its lock, released when dropped.
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Another process holds the lock; `pid` is what it wrote in the file.
    #[error("{} is in use by another closebot-sms process{}", .database.display(), by(*.pid))]
    Held { database: PathBuf, pid: Option<u32> },
    #[error("could not lock {}: {cause}", .path.display())]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
}

fn by(pid: Option<u32>) -> String {
    pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
}

impl DatabaseLock {
    /// The lock file of the database at `database`.
    pub fn path_for(database: &Path) -> PathBuf {
        super::names::with_suffix(database, ".lock")
    }

    /// Takes the lock without waiting, creating the file (and its folder)
    /// when missing, and writes our process id into it for the message
    /// another process shows when it finds the lock taken.
    pub fn acquire(database: &Path) -> Result<Self, LockError> {
        let path = Self::path_for(database);
        let io = |cause| LockError::Io {
            path: path.clone(),
            cause,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;
        // Spelled out: std's own `File::try_lock` (Rust 1.89) is newer than
        // the crate's minimum Rust version.
        match fs4::FileExt::try_lock(&file) {
            Ok(()) => {}
            Err(fs4::TryLockError::WouldBlock) => {
                return Err(LockError::Held {
                    database: database.to_owned(),
                    pid: read_pid(&mut file),
                })
            }
            Err(fs4::TryLockError::Error(e)) => return Err(io(e)),
        }
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        write!(file, "{}", std::process::id()).map_err(io)?;
        Ok(Self { _file: file })
    }
}

fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_with_the_first_ones_pid_until_it_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("nested/app.db");

        let first = DatabaseLock::acquire(&db).unwrap();
        assert_eq!(
            DatabaseLock::path_for(&db),
            dir.path().join("nested/app.db.lock")
        );
        match DatabaseLock::acquire(&db) {
            Err(LockError::Held { pid, .. }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("expected the lock to be held: {other:?}"),
        }

        drop(first);
        assert!(DatabaseLock::acquire(&db).is_ok());
    }
}
