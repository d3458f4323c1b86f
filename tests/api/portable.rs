//! `closebot-sms export FILE` / `import FILE`: an installation moved whole
//! into an empty database (every table's rows equal, and a server on the
//! copy serves it), and what an import refuses (in `refusals`).

mod postgres;
mod refusals;
mod round_trip;

use std::path::Path;
use std::process::Output;

use closebot_sms::storage::portable::{ROWID, TABLES};

/// `closebot-sms ARGS` on the database at `database`, as an operator runs it.
pub async fn closebot_sms(args: &[&str], database: &Path) -> Output {
    closebot_sms_with(
        args,
        &[("DATABASE_URL", &format!("sqlite://{}", database.display()))],
    )
    .await
}

/// `closebot-sms ARGS` with only the variables `env`.
pub async fn closebot_sms_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    tokio::process::Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .output()
        .await
        .expect("the binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `closebot-sms ARGS` and expects it to succeed.
pub async fn run_ok(args: &[&str], database: &Path) -> String {
    let out = closebot_sms(args, database).await;
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    stdout(&out)
}

/// Runs `closebot-sms ARGS`, expects it to fail with one line on stderr,
/// and returns that line.
pub async fn run_refused(args: &[&str], database: &Path) -> String {
    let out = closebot_sms(args, database).await;
    assert!(
        !out.status.success(),
        "{args:?} succeeded: {}",
        stdout(&out)
    );
    let message = stderr(&out);
    assert_eq!(message.trim().lines().count(), 1, "{message}");
    message.trim().to_owned()
}

pub async fn open(db: &Path) -> sqlx::SqlitePool {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db);
    sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap()
}

/// Every exported table's rows in `db`, each as SQLite's literal text of
/// its values, ordered by primary key (contacts with their rowid).
pub async fn all_rows(db: &Path) -> Vec<(&'static str, Vec<String>)> {
    let pool = open(db).await;
    let mut tables = Vec::new();
    for table in TABLES {
        let fields: Vec<String> = table
            .fields()
            .map(|f| match f {
                ROWID => "quote(rowid)".to_owned(),
                column => format!("quote(\"{column}\")"),
            })
            .collect();
        let order: Vec<String> = table.order_by.iter().map(|c| format!("\"{c}\"")).collect();
        let sql = format!(
            "SELECT {} FROM \"{}\" ORDER BY {}",
            fields.join(" || ',' || "),
            table.name,
            order.join(", ")
        );
        let rows: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&pool).await.unwrap();
        tables.push((table.name, rows));
    }
    let sequences: Vec<String> =
        sqlx::query_scalar("SELECT name || '=' || seq FROM sqlite_sequence ORDER BY name")
            .fetch_all(&pool)
            .await
            .unwrap();
    tables.push(("sqlite_sequence", sequences));
    pool.close().await;
    tables
}

/// How many rows `table` has in `db`.
pub async fn count(db: &Path, table: &str) -> i64 {
    let pool = open(db).await;
    let n = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{table}\""))
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    n
}
