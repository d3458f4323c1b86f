//! Files that appear whole or not at all: written into a temporary file in
//! the same folder, synced, then renamed into place (a rename within one
//! file system is atomic), and the folder synced so the rename survives a
//! power cut.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

use super::BackupError;

/// Temporary files are `.closebot-sms-XXXXXX.partial`.
const PARTIAL_PREFIX: &str = ".closebot-sms-";
const PARTIAL_SUFFIX: &str = ".partial";

/// The folder `path` is in ("." for a bare file name).
pub(super) fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An empty temporary file in `folder` (created when missing), removed
/// again if it is dropped before being put in place.
pub(super) fn partial_in(folder: &Path) -> Result<NamedTempFile, BackupError> {
    std::fs::create_dir_all(folder).map_err(BackupError::io("create", folder))?;
    tempfile::Builder::new()
        .prefix(PARTIAL_PREFIX)
        .suffix(PARTIAL_SUFFIX)
        .tempfile_in(folder)
        .map_err(BackupError::io("write in", folder))
}

/// Syncs `partial` and renames it to `dest`, replacing a file there only
/// when `replace` is set. Returns the file's size.
pub(super) async fn put_in_place(
    partial: NamedTempFile,
    dest: PathBuf,
    replace: bool,
) -> Result<u64, BackupError> {
    tokio::task::spawn_blocking(move || {
        let file = partial.as_file();
        file.sync_all()
            .map_err(BackupError::io("sync", partial.path()))?;
        let size = file
            .metadata()
            .map_err(BackupError::io("read", partial.path()))?
            .len();
        let placed = if replace {
            partial.persist(&dest)
        } else {
            partial.persist_noclobber(&dest)
        };
        match placed {
            Ok(_) => {}
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(BackupError::Exists(dest));
            }
            Err(e) => return Err(BackupError::io("write", &dest)(e.error)),
        }
        sync_folder(folder_of(&dest))?;
        Ok(size)
    })
    .await
    .map_err(|e| BackupError::Io {
        doing: "finish writing".into(),
        cause: std::io::Error::other(e),
    })?
}

pub(super) fn sync_folder(folder: &Path) -> Result<(), BackupError> {
    // Folders can be opened and synced on Unix; elsewhere renames are
    // made durable by the file system itself.
    #[cfg(unix)]
    std::fs::File::open(folder)
        .and_then(|dir| dir.sync_all())
        .map_err(BackupError::io("sync", folder))?;
    #[cfg(not(unix))]
    let _ = folder;
    Ok(())
}

/// Removes temporary files that a crash left in `folder`: only ours, and
/// only those untouched for an hour (a copy being written is touched all
/// the time).
pub(super) fn remove_stale_partials(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(PARTIAL_PREFIX) && name.ends_with(PARTIAL_SUFFIX);
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|at| at < an_hour_ago);
        if ours && stale {
            match std::fs::remove_file(entry.path()) {
                Ok(()) => {
                    tracing::info!(path = %entry.path().display(), "removed an unfinished backup left by a crash")
                }
                Err(e) => {
                    tracing::warn!(path = %entry.path().display(), error = %e, "could not remove an unfinished backup")
                }
            }
        }
    }
}
