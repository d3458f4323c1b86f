//! The move of issue 11, run with the real binary: an SQLite installation
//! exported, imported into a fresh Postgres database, exported from there
//! and imported into a fresh SQLite file, every row equal at each step; a
//! server on the Postgres copy serves it. Runs when `TEST_DATABASE_URL`
//! names a cluster (`scripts/postgres.sh`), each test on databases of its
//! own, dropped at the end.

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Executor, PgPool};

use super::round_trip::{env_for, get, populated, sign_in, AGENT, SECRET};
use super::{closebot_sms_with, count, open, run_ok, stderr, stdout};
use crate::support::fake_server::Port;
use crate::support::process::AppProcess;
use crate::support::{
    client, eventually, spawn_app_with, test_dir, FakeCloseBot, FakeTwilio, Setup, ADMIN_EMAIL,
    ADMIN_PASSWORD,
};

/// A throw-away database on the test cluster.
struct PgDatabase {
    admin: PgPool,
    name: String,
    url: String,
}

impl PgDatabase {
    /// A new empty database, or `None` (said on stderr) without a cluster.
    async fn create(purpose: &str) -> Option<Self> {
        let Ok(cluster) = std::env::var("TEST_DATABASE_URL") else {
            eprintln!("SKIPPED: {purpose} needs TEST_DATABASE_URL (scripts/postgres.sh start)");
            return None;
        };
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(PgConnectOptions::from_str(&cluster).unwrap())
            .await
            .unwrap();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!("closebot_portable_{}_{nanos}", std::process::id());
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let base = cluster.trim_end_matches(|c| c != '/');
        let url = format!("{base}{name}");
        Some(Self { admin, name, url })
    }

    async fn pool(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(1)
            .connect(&self.url)
            .await
            .unwrap()
    }

    async fn scalar(&self, sql: &str) -> i64 {
        let pool = self.pool().await;
        let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
        pool.close().await;
        n
    }

    async fn drop(self) {
        self.admin
            .execute(format!("DROP DATABASE {} WITH (FORCE)", self.name).as_str())
            .await
            .unwrap();
    }
}

/// `closebot-sms ARGS` on the Postgres database at `url`.
async fn on_postgres(args: &[&str], url: &str) -> std::process::Output {
    closebot_sms_with(args, &[("DATABASE_URL", url), ("APP_SECRET", SECRET)]).await
}

async fn on_postgres_ok(args: &[&str], url: &str) -> String {
    let out = on_postgres(args, url).await;
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// An export's header and its row lines.
fn read_export(file: &Path) -> (Value, Vec<String>) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut lines = text.lines();
    let header = serde_json::from_str(lines.next().unwrap()).unwrap();
    (header, lines.map(str::to_owned).collect())
}

/// Two exports of the same rows: equal row lines, counts and schema, and
/// every sequence of `first` in `second` (Postgres also names the identity
/// sequences SQLite does not keep, such as `login_failures`'s).
fn assert_same_rows(first: &Path, second: &Path) {
    let ((a, a_rows), (b, b_rows)) = (read_export(first), read_export(second));
    assert_eq!(a["tables"], b["tables"]);
    assert_eq!(a["schema"], b["schema"]);
    for (table, seq) in a["sequences"].as_object().unwrap() {
        assert_eq!(&b["sequences"][table], seq, "the sequence of {table}");
    }
    assert_eq!(a_rows.len(), b_rows.len());
    for (n, (a, b)) in a_rows.iter().zip(&b_rows).enumerate() {
        assert_eq!(a, b, "row line {}", n + 2);
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installation_moves_to_postgres_and_back_with_every_row() {
    let Some(pg) = PgDatabase::create("the move to Postgres").await else {
        return;
    };
    let app = populated().await;
    let refused = client()
        .post(app.url("/api/auth/login"))
        .json(&json!({ "email": ADMIN_EMAIL, "password": "not the password" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        refused.status(),
        401,
        "a failed sign-in, for login_failures"
    );
    let admin = app.admin().await;
    let conversations = app.list_conversations(&admin, &[]).await;
    let dir = test_dir();
    let from_sqlite = dir.path().join("from-sqlite.jsonl");
    run_ok(&["export", path(&from_sqlite)], &app.database).await;

    // SQLite → Postgres → file.
    let said = on_postgres_ok(&["import", path(&from_sqlite)], &pg.url).await;
    assert!(said.contains("every table's rows match the file"), "{said}");
    assert!(said.contains("into postgres://"), "{said}");
    let from_postgres = dir.path().join("from-postgres.jsonl");
    let said = on_postgres_ok(&["export", path(&from_postgres)], &pg.url).await;
    assert!(said.contains("the APP_SECRET variable"), "{said}");
    assert_same_rows(&from_sqlite, &from_postgres);
    let (header, _) = read_export(&from_sqlite);
    for table in [
        "messages", "contacts", "routes", "settings", "jobs", "events", "users",
    ] {
        assert!(header["tables"][table].as_u64().unwrap() >= 1, "{table}");
    }
    assert!(header["tables"]["login_failures"].as_u64().unwrap() >= 1);
    // The triggers are back on, the identity sequences past every id.
    let disabled = "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'";
    assert_eq!(pg.scalar(disabled).await, 0);
    for (table, column) in [
        ("messages", "id"),
        ("login_failures", "id"),
        ("contacts", "seq"),
    ] {
        let behind = format!(
            "SELECT COUNT(*) FROM {table} WHERE {column} > (SELECT last_value FROM {table}_{column}_seq)"
        );
        assert_eq!(pg.scalar(&behind).await, 0, "{table}.{column}");
    }

    // Postgres's file → SQLite: the same rows again, its search rebuilt.
    let back = dir.path().join("back/app.db");
    run_ok(&["import", path(&from_postgres)], &back).await;
    let again = dir.path().join("again.jsonl");
    run_ok(&["export", path(&again)], &back).await;
    assert_same_rows(&from_sqlite, &again);
    let fts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts_fts")
        .fetch_one(&open(&back).await)
        .await
        .unwrap();
    assert_eq!(fts, count(&back, "contacts").await);

    // A server on the Postgres copy: both users sign in, the same
    // conversations, the queued reply sent with the imported credentials.
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    let mut env = env_for(&back, &twilio, &closebot);
    env.iter_mut()
        .filter(|(name, _)| *name == "DATABASE_URL")
        .for_each(|(_, value)| value.clone_from(&pg.url));
    let server = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let admin = sign_in(&server.address, (ADMIN_EMAIL, ADMIN_PASSWORD)).await;
    sign_in(&server.address, AGENT).await;
    let listed = get(&admin, format!("{}/api/conversations", server.address)).await;
    assert_eq!(listed["items"], conversations["items"]);
    eventually("the queued reply to be delivered", || async {
        twilio.sent().iter().any(|s| s.body == "the queued reply")
    })
    .await;
    drop(server);
    pg.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_into_a_postgres_database_with_data_or_from_a_damaged_file_changes_nothing() {
    let Some(pg) = PgDatabase::create("the Postgres import's refusals").await else {
        return;
    };
    let app = spawn_app_with(Setup {
        on_sqlite: true,
        ..Setup::default()
    })
    .await;
    app.text_in("+15551230700", "first").await;
    app.text_in("+15551230701", "second").await;
    let dir = test_dir();
    let file = dir.path().join("export.jsonl");
    run_ok(&["export", path(&file)], &app.database).await;

    // A text where Postgres has a BOOLEAN: refused, naming the column.
    let text = std::fs::read_to_string(&file).unwrap();
    let mistyped = dir.path().join("mistyped.jsonl");
    let edited = text.replacen(r#""sandbox":0}"#, r#""sandbox":"no"}"#, 1);
    assert_ne!(edited, text);
    std::fs::write(&mistyped, edited).unwrap();
    let out = on_postgres(&["import", path(&mistyped)], &pg.url).await;
    let message = stderr(&out);
    assert!(
        message.contains("sandbox: a text in a Boolean column"),
        "{message}"
    );

    // A truncated file: refused in one line, the database left empty and
    // its triggers enabled (the import is one transaction).
    let truncated = dir.path().join("truncated.jsonl");
    std::fs::write(&truncated, &text[..text.len() - 20]).unwrap();
    let out = on_postgres(&["import", path(&truncated)], &pg.url).await;
    let message = stderr(&out);
    assert!(
        !out.status.success() && message.trim().lines().count() == 1,
        "{message}"
    );
    assert!(message.contains("nothing was imported"), "{message}");
    assert_eq!(pg.scalar("SELECT COUNT(*) FROM messages").await, 0);
    let disabled = "SELECT COUNT(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'";
    assert_eq!(pg.scalar(disabled).await, 0);

    on_postgres_ok(&["import", path(&file)], &pg.url).await;
    let out = on_postgres(&["import", path(&file)], &pg.url).await;
    let message = stderr(&out);
    assert!(!out.status.success(), "{}", stdout(&out));
    assert!(
        message.contains("already holds data (contacts, messages, users)"),
        "{message}"
    );
    assert_eq!(pg.scalar("SELECT COUNT(*) FROM messages").await, 2);
    pg.drop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_export_taken_while_messages_are_written_is_one_snapshot() {
    let Some(pg) = PgDatabase::create("the Postgres export's snapshot").await else {
        return;
    };
    let app = spawn_app_with(Setup {
        on_sqlite: true,
        ..Setup::default()
    })
    .await;
    app.text_in("+15551230800", "first").await;
    app.text_in("+15551230801", "second").await;
    let dir = test_dir();
    let file = dir.path().join("small.jsonl");
    run_ok(&["export", path(&file)], &app.database).await;
    on_postgres_ok(&["import", path(&file)], &pg.url).await;
    // Enough rows for the export to take a while (loaded without the
    // triggers, which would update one contact row 20,000 times, and the
    // contacts' totals set once), then one message at a time, its trigger
    // updating the contact, while the export runs.
    let columns = "contact_id, route_id, direction, source, body, from_number, to_number, created_at, updated_at";
    let pool = pg.pool().await;
    let load = format!(
        "ALTER TABLE messages DISABLE TRIGGER USER;
         INSERT INTO messages ({columns}) SELECT {columns} FROM messages, generate_series(1, 10000);
         ALTER TABLE messages ENABLE TRIGGER USER;
         UPDATE contacts c SET
             message_count = (SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id),
             last_message_id = (SELECT MAX(id) FROM messages m WHERE m.contact_id = c.id)"
    );
    pool.execute(load.as_str()).await.unwrap();
    let (stop, writes) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let writer = {
        let (stop, writes) = (stop.clone(), writes.clone());
        let one = format!(
            "INSERT INTO messages ({columns}) SELECT {columns} FROM messages ORDER BY id LIMIT 1"
        );
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                pool.execute(one.as_str()).await.unwrap();
                writes.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    eventually("the writes to start", || async {
        writes.load(Ordering::Relaxed) > 0
    })
    .await;

    let live = dir.path().join("live.jsonl");
    let before = writes.load(Ordering::Relaxed);
    on_postgres_ok(&["export", path(&live)], &pg.url).await;
    let during = writes.load(Ordering::Relaxed) - before;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();

    // The import checks the rows against the header's counts; the contacts'
    // running totals agree with the messages the file holds.
    assert!(during > 0, "no message was written during the export");
    let copy = dir.path().join("copy.db");
    run_ok(&["import", path(&live)], &copy).await;
    let disagreeing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contacts c
         WHERE c.message_count <> (SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id)
            OR c.last_message_id IS NOT (SELECT MAX(id) FROM messages m WHERE m.contact_id = c.id)",
    )
    .fetch_one(&open(&copy).await)
    .await
    .unwrap();
    assert_eq!(disagreeing, 0);
    assert!(count(&copy, "messages").await > 20_000);
    pg.drop().await;
}
