//! Scheduled backups in the metrics: counted by result, and the time of the
//! newest copy, so a monitoring system can alert on backups that stopped.

use std::time::Duration;

use closebot_sms::config::BackupSchedule;

use super::{scrape, value, TOKEN};
use crate::support::{eventually, spawn_app_with, test_dir, Setup, TestApp};

const LAST_SUCCESS: &str = "closebot_backup_last_success_timestamp_seconds";

/// Metrics on, and a backup into `dir` every moment.
async fn backing_up_into(dir: std::path::PathBuf) -> TestApp {
    let schedule = BackupSchedule {
        dir,
        every: Duration::from_millis(200),
        keep: 2,
    };
    spawn_app_with(Setup {
        configure: Box::new(move |config| {
            config.metrics_token = Some(TOKEN.to_owned().into());
            config.backups = Some(schedule);
        }),
        ..Setup::default()
    })
    .await
}

#[tokio::test]
async fn written_backups_are_counted_with_the_time_of_the_newest() {
    let folder = test_dir();
    let started = chrono::Utc::now().timestamp() as f64;
    let app = backing_up_into(folder.path().to_owned()).await;
    eventually("two scheduled backups to be counted", || async {
        value(&scrape(&app).await, "closebot_backups_total{result=\"ok\"}")
            .is_some_and(|n| n >= 2.0)
    })
    .await;
    let text = scrape(&app).await;
    let newest = value(&text, LAST_SUCCESS).expect("the newest backup's time");
    assert!(newest >= started - 1.0, "{newest} < {started}");
    assert_eq!(
        value(&text, "closebot_backups_total{result=\"failed\"}"),
        None
    );
}

#[tokio::test]
async fn failed_backups_are_counted_and_leave_no_newest_time() {
    let dir = test_dir();
    // BACKUP_DIR names a file: no copy can be written into it.
    let not_a_folder = dir.path().join("backups");
    std::fs::write(&not_a_folder, "in the way").unwrap();
    let app = backing_up_into(not_a_folder).await;
    eventually("a failed backup to be counted", || async {
        value(
            &scrape(&app).await,
            "closebot_backups_total{result=\"failed\"}",
        )
        .is_some_and(|n| n >= 1.0)
    })
    .await;
    assert_eq!(value(&scrape(&app).await, LAST_SUCCESS), None);
}
