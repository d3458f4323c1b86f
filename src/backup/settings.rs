//! `BACKUP_DIR`, `BACKUP_EVERY` and `BACKUP_KEEP`, read by `config` and
//! checked here.

use std::path::PathBuf;
use std::time::Duration;

/// Scheduled backups: a copy into `dir` every `every`, the newest `keep` kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSchedule {
    pub dir: PathBuf,
    pub every: Duration,
    /// How many scheduled copies stay; older ones are deleted.
    pub keep: usize,
}

const DEFAULT_EVERY: Duration = Duration::from_secs(24 * 3600);
const DEFAULT_KEEP: usize = 7;
/// More often than this is a mistake: every copy reads the whole database.
const MIN_EVERY: Duration = Duration::from_secs(60);
const MAX_EVERY: Duration = Duration::from_secs(366 * 24 * 3600);

impl BackupSchedule {
    /// The schedule the three variables describe; none without `BACKUP_DIR`.
    pub fn parse(
        dir: Option<String>,
        every: Option<String>,
        keep: Option<String>,
    ) -> Result<Option<Self>, String> {
        let Some(dir) = dir else {
            return match (every, keep) {
                (None, None) => Ok(None),
                _ => Err(
                    "BACKUP_EVERY and BACKUP_KEEP need BACKUP_DIR, the folder for the backups"
                        .into(),
                ),
            };
        };
        let every = match every {
            None => DEFAULT_EVERY,
            Some(raw) => humantime::parse_duration(&raw)
                .ok()
                .filter(|d| (MIN_EVERY..=MAX_EVERY).contains(d))
                .ok_or_else(|| {
                    format!("BACKUP_EVERY `{raw}` must be a duration from 1m to 366d, such as 30m, 6h or 1d")
                })?,
        };
        let keep = match keep {
            None => DEFAULT_KEEP,
            Some(raw) => raw.parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                format!("BACKUP_KEEP `{raw}` must be a whole number of backups, at least 1")
            })?,
        };
        Ok(Some(Self {
            dir: PathBuf::from(dir),
            every,
            keep,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(
        dir: Option<&str>,
        every: Option<&str>,
        keep: Option<&str>,
    ) -> Result<Option<BackupSchedule>, String> {
        let own = |v: Option<&str>| v.map(str::to_owned);
        BackupSchedule::parse(own(dir), own(every), own(keep))
    }

    #[test]
    fn a_folder_an_interval_and_a_count_make_a_schedule() {
        assert_eq!(
            parse(Some("/backups"), Some("6h"), Some("3")),
            Ok(Some(BackupSchedule {
                dir: "/backups".into(),
                every: Duration::from_secs(6 * 3600),
                keep: 3
            }))
        );
        assert_eq!(
            parse(Some("b"), Some("1m"), None).unwrap().unwrap().every,
            Duration::from_secs(60)
        );
        assert_eq!(
            parse(Some("b"), Some("1h 30m"), None)
                .unwrap()
                .unwrap()
                .every,
            Duration::from_secs(5400)
        );
    }

    #[test]
    fn a_folder_alone_means_daily_keeping_a_week() {
        let daily = parse(Some("/backups"), None, None).unwrap().unwrap();
        assert_eq!((daily.every, daily.keep), (DEFAULT_EVERY, 7));
        assert_eq!(parse(None, None, None), Ok(None));
    }

    #[test]
    fn bad_values_say_what_is_expected() {
        for (dir, every, keep) in [
            (None, Some("6h"), None),
            (None, None, Some("3")),
            (Some("b"), Some("59s"), None),
            (Some("b"), Some("often"), None),
            (Some("b"), Some("6"), None),
            (Some("b"), Some("400d"), None),
            (Some("b"), None, Some("0")),
            (Some("b"), None, Some("-1")),
            (Some("b"), None, Some("all")),
        ] {
            let err = parse(dir, every, keep).unwrap_err();
            assert!(err.starts_with("BACKUP_"), "{err}");
        }
    }
}
