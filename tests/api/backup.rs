//! Backups taken while the server takes texts, restored into a database
//! that a server then runs on; restores refused while a server runs; and
//! the scheduled copies of `serve` with their retention.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use closebot_sms::backup::names;
use closebot_sms::config::{BackupSchedule, DatabaseLocation};

use crate::support::fake_server::Port;
use crate::support::process::{app_env, AppProcess};
use crate::support::{
    eventually, fake_twilio, inbound_params, new_sid, spawn_app_with, test_dir, FakeCloseBot,
    FakeTwilio, Setup, APP_URL, OUR_NUMBER,
};

/// `closebot-sms ARGS` on the database at `database`, as an operator runs it.
async fn closebot_sms(args: &[&str], database: &Path) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
        .args(args)
        .env_clear()
        .env("DATABASE_URL", format!("sqlite://{}", database.display()))
        .output()
        .await
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A text acknowledged by the app: when it was sent and when its 200 arrived.
struct Acked {
    sid: String,
    sent: Instant,
    at: Instant,
}

#[derive(Default)]
struct Load {
    stop: AtomicBool,
    acked: AtomicUsize,
}

impl Load {
    /// Waits until `n` texts in all have been acknowledged (a busy machine
    /// may take a while).
    async fn until_acked(&self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(60);
        while self.acked.load(Ordering::Relaxed) < n {
            assert!(
                Instant::now() < deadline,
                "fewer than {n} texts acknowledged"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

/// One customer after another texting as fast as the app answers, until stopped.
async fn keep_texting(address: String, worker: usize, load: Arc<Load>) -> Vec<Acked> {
    let client = reqwest::Client::new();
    let mut acked = Vec::new();
    let mut n = 0;
    while !load.stop.load(Ordering::Relaxed) {
        n += 1;
        let from = format!("+1555{}{:06}", worker + 2, n % 1_000_000);
        let sid = new_sid();
        let sent = Instant::now();
        if post_text(&client, &address, &sid, &from).await == 200 {
            acked.push(Acked {
                sid,
                sent,
                at: Instant::now(),
            });
            load.acked.fetch_add(1, Ordering::Relaxed);
        }
    }
    acked
}

async fn post_text(client: &reqwest::Client, address: &str, sid: &str, from: &str) -> u16 {
    let path = "/api/webhooks/twilio/inbound";
    let params = inbound_params(sid, from, OUR_NUMBER, "How much is a quote?");
    let signature = closebot_sms::security::twilio_signature::compute(
        fake_twilio::AUTH_TOKEN,
        &format!("{APP_URL}{path}"),
        &params,
    );
    client
        .post(format!("{address}{path}"))
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

/// The MessageSids of the inbound texts stored in the database file at `db`.
async fn stored_sids(db: &Path) -> std::collections::HashSet<String> {
    // Not read-only: a database a crash left may need its WAL recovered.
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    let sids: Vec<String> = sqlx::query_scalar(
        "SELECT twilio_sid FROM messages WHERE direction = 'inbound' AND twilio_sid IS NOT NULL",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    sids.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_every_text_acknowledged_before_it_began() {
    // Arrange: the real binary, taking texts from several senders at once.
    // No route: the texts are stored, not forwarded, so the fakes (checking
    // each request against CloseBot's spec, in this process) stay idle and
    // the senders get the CPU.
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    let dir = test_dir();
    let live = dir.path().join("live/app.db");
    let env = app_env(APP_URL, &live, &twilio, &closebot);
    let mut app = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let load = Arc::new(Load::default());
    let senders: Vec<_> = (0..6)
        .map(|worker| tokio::spawn(keep_texting(app.address.clone(), worker, load.clone())))
        .collect();
    load.until_acked(200).await;

    // Act: a backup in the middle of it.
    let backup = dir.path().join("backups/first.db");
    let began = Instant::now();
    let out = closebot_sms(&["backup", backup.to_str().unwrap()], &live).await;
    let ended = Instant::now();
    assert!(out.status.success(), "backup: {}", stderr(&out));
    let so_far = load.acked.load(Ordering::Relaxed);
    load.until_acked(so_far + 20).await;
    load.stop.store(true, Ordering::Relaxed);
    let mut acked = Vec::new();
    for sender in senders {
        acked.extend(sender.await.unwrap());
    }
    // Texts sent after the backup finished cannot be in it.
    let client = reqwest::Client::new();
    let mut later = Vec::new();
    for n in 0..3 {
        let sid = new_sid();
        let from = format!("+1555999000{n}");
        assert_eq!(post_text(&client, &app.address, &sid, &from).await, 200);
        later.push(sid);
    }

    let before: Vec<&Acked> = acked.iter().filter(|a| a.at < began).collect();
    assert!(
        before.len() >= 200,
        "only {} before the backup",
        before.len()
    );
    // The server went on answering: texts in flight while the copy was
    // being made were acknowledged. (Whether their answers land before the
    // copy ends is up to the machine's load: not asserted.)
    assert!(
        acked.iter().any(|a| a.sent < ended && a.at > began),
        "nothing sent during the backup was answered"
    );

    // A restore onto the live database is refused, naming the server, and
    // changes nothing.
    let refused = closebot_sms(&["restore", backup.to_str().unwrap()], &live).await;
    assert!(!refused.status.success());
    let message = stderr(&refused);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    assert!(
        message.contains(&format!(
            "a closebot-sms server (pid {}) is running on",
            app.pid()
        )) && message.contains("stop it before restoring"),
        "{message}"
    );
    // Nor does a second backup overwrite the first without --force.
    let again = closebot_sms(&["backup", backup.to_str().unwrap()], &live).await;
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("already exists (add --force"),
        "{}",
        stderr(&again)
    );

    // The server stops (crashes, even: its lock goes with it).
    app.kill_9();
    let fresh = dir.path().join("restored/app.db");
    let restored = closebot_sms(&["restore", backup.to_str().unwrap()], &fresh).await;
    assert!(restored.status.success(), "restore: {}", stderr(&restored));

    // Assert: every text acknowledged before the backup began is there;
    // what came after it is not.
    let sids = stored_sids(&fresh).await;
    let missing: Vec<&str> = before
        .iter()
        .filter(|a| !sids.contains(&a.sid))
        .map(|a| a.sid.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "{} acknowledged texts missing: {missing:?}",
        missing.len()
    );
    assert!(later.iter().all(|sid| !sids.contains(sid)));

    // Restored over the live database, the replaced one (with the WAL the
    // crash left) is kept whole beside it, and a server runs on the result.
    let over = closebot_sms(&["restore", backup.to_str().unwrap()], &live).await;
    assert!(over.status.success(), "restore: {}", stderr(&over));
    let kept = String::from_utf8_lossy(&over.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("the database it replaced is kept as "))
        .map(PathBuf::from)
        .expect("the replaced database is named");
    let replaced = stored_sids(&kept).await;
    assert!(later.iter().all(|sid| replaced.contains(sid)));
    assert_eq!(stored_sids(&live).await, sids);
    let app = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let status = post_text(&client, &app.address, &new_sid(), "+15559990099").await;
    assert_eq!(status, 200);
    assert_eq!(stored_sids(&live).await.len(), sids.len() + 1);
}

#[tokio::test]
async fn what_cannot_be_restored_or_backed_up_is_refused_in_one_line() {
    let dir = test_dir();
    let db = dir.path().join("app.db");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database ".repeat(200)).unwrap();

    for (file, why) in [
        (text.clone(), "it is not an SQLite database"),
        (dir.path().join("absent.db"), "there is no file at"),
    ] {
        let out = closebot_sms(&["restore", file.to_str().unwrap()], &db).await;
        assert!(!out.status.success());
        let message = stderr(&out);
        assert_eq!(message.trim().lines().count(), 1, "{message}");
        assert!(message.contains(why), "{message}");
    }
    assert!(!db.exists(), "nothing was written");

    let missing = closebot_sms(&["backup", dir.path().join("b.db").to_str().unwrap()], &db).await;
    assert!(!missing.status.success());
    assert!(stderr(&missing).contains("there is no database at"));

    assert!(closebot_sms(&["migrate"], &db).await.status.success());
    let folder = closebot_sms(&["backup", "--force", dir.path().to_str().unwrap()], &db).await;
    assert!(!folder.status.success());
    assert!(
        stderr(&folder).contains("is a folder: name the backup file"),
        "{}",
        stderr(&folder)
    );
}

#[tokio::test]
async fn scheduled_backups_keep_the_newest_and_leave_other_files_alone() {
    let backups = test_dir();
    let folder = backups.path().to_owned();
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    std::fs::write(folder.join("closebot-sms-manual.db"), "mine too").unwrap();
    let schedule = BackupSchedule {
        dir: folder.clone(),
        // Far below BACKUP_EVERY's minute, so the test sees several.
        every: Duration::from_millis(150),
        keep: 2,
    };
    let app = spawn_app_with(Setup {
        configure: Box::new(move |config| config.backups = Some(schedule)),
        ..Setup::default()
    })
    .await;
    app.text_in("+15551230901", "kept in every copy").await;

    let ours = || -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| names::taken_at(n).is_some())
            .collect();
        names.sort();
        names
    };
    eventually("a first scheduled backup", || async { !ours().is_empty() }).await;
    let first = ours()[0].clone();
    eventually("the first backup to be rotated out", || async {
        let now = ours();
        now.len() == 2 && !now.contains(&first)
    })
    .await;

    // Copied first: the schedule may rotate a copy out while it is read.
    let mut checked = 0;
    for name in ours() {
        let copy = backups.path().join("checking").join(&name);
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        if std::fs::copy(folder.join(&name), &copy).is_ok() {
            assert_eq!(stored_sids(&copy).await.len(), 1, "{name}");
            checked += 1;
        }
    }
    assert!(checked > 0);
    assert!(folder.join("notes.txt").exists());
    assert!(folder.join("closebot-sms-manual.db").exists());
    let DatabaseLocation::Sqlite(db) = &app.state.config.database else {
        panic!("backups copy an SQLite file")
    };
    assert!(db.exists());
}
