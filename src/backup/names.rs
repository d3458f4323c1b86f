//! The names of the files backups write: scheduled copies are
//! `closebot-sms-<UTC time>.db` (ISO 8601 basic format, milliseconds
//! included), so they sort by age, say when they were taken, and can be
//! told apart from anything else in the folder — retention deletes only
//! these.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};

const PREFIX: &str = "closebot-sms-";
const SUFFIX: &str = ".db";
const TIME: &str = "%Y%m%dT%H%M%S%.3fZ";

/// A scheduled copy's file name for a copy taken `at`.
pub fn scheduled(at: DateTime<Utc>) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.format(TIME))
}

/// When a scheduled copy was taken, if `name` is one of ours.
pub fn taken_at(name: &str) -> Option<DateTime<Utc>> {
    let time = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    let at = NaiveDateTime::parse_from_str(time, TIME).ok()?.and_utc();
    // Only names we would have written: no other spelling of the same time.
    (scheduled(at) == name).then_some(at)
}

/// Of these file names, the scheduled copies beyond the newest `keep`,
/// oldest first. Names that are not ours are never among them.
pub fn beyond(names: impl IntoIterator<Item = String>, keep: usize) -> Vec<String> {
    let mut ours: Vec<(DateTime<Utc>, String)> = names
        .into_iter()
        .filter_map(|name| taken_at(&name).map(|at| (at, name)))
        .collect();
    ours.sort();
    let excess = ours.len().saturating_sub(keep);
    ours.into_iter()
        .take(excess)
        .map(|(_, name)| name)
        .collect()
}

/// Where a restore keeps the database it replaces, so that it can be put
/// back: `<database>.before-restore-<UTC time>`.
pub fn before_restore(database: &Path, at: DateTime<Utc>) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(format!(".before-restore-{}", at.format(TIME)));
    PathBuf::from(name)
}

/// `path` with `suffix` added to its file name (`app.db` → `app.db-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(ms: i64) -> DateTime<Utc> {
        Utc.timestamp_millis_opt(ms).unwrap()
    }

    #[test]
    fn a_scheduled_name_says_when_and_reads_back() {
        let t =
            Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap() + chrono::Duration::milliseconds(67);
        let name = scheduled(t);
        assert_eq!(name, "closebot-sms-20260102T030405.067Z.db");
        assert_eq!(taken_at(&name), Some(t));
    }

    #[test]
    fn other_files_are_not_taken_for_ours() {
        for name in [
            "closebot-sms.db",
            "closebot-sms-manual.db",
            "closebot-sms-20260102T030405.067Z.db-wal",
            "closebot-sms-20260102T030405Z.db",
            ".closebot-sms-20260102T030405.067Z.db.partial",
            "notes.txt",
        ] {
            assert_eq!(taken_at(name), None, "{name}");
        }
    }

    #[test]
    fn retention_keeps_the_newest_and_ignores_the_rest() {
        let names = vec![
            scheduled(at(3_000)),
            "notes.txt".to_owned(),
            scheduled(at(1_000)),
            scheduled(at(4_000)),
            "closebot-sms-manual.db".to_owned(),
            scheduled(at(2_000)),
        ];
        assert_eq!(
            beyond(names.clone(), 2),
            vec![scheduled(at(1_000)), scheduled(at(2_000))]
        );
        assert!(beyond(names.clone(), 4).is_empty());
        assert_eq!(beyond(names, 0).len(), 4);
    }

    #[test]
    fn the_replaced_database_keeps_its_name_with_the_time() {
        let t = Utc.with_ymd_and_hms(2026, 5, 6, 7, 8, 9).unwrap();
        assert_eq!(
            before_restore(Path::new("/data/closebot-sms.db"), t),
            PathBuf::from("/data/closebot-sms.db.before-restore-20260506T070809.000Z")
        );
        assert_eq!(
            with_suffix(Path::new("/data/x.db"), "-wal"),
            PathBuf::from("/data/x.db-wal")
        );
    }
}
