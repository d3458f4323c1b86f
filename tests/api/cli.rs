//! The command line of CONTRACT §1, run as a real process.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::json;

use crate::support::fake_server::Port;
use crate::support::process::AppProcess;

fn closebot_sms(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["user", "add", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
    ] {
        let out = closebot_sms(dir.path(), &args, &[], "");
        assert!(out.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn bad_configuration_exits_non_zero_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    for env in [
        [("PORT", "seventy")],
        [("DATABASE_URL", "mysql://db")],
        [("APP_SECRET", "short")],
        [("LOG_FORMAT", "xml")],
    ] {
        let out = closebot_sms(dir.path(), &["serve"], &env, "");
        assert!(!out.status.success(), "{env:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("closebot-sms: configuration error:"),
            "{stderr}"
        );
        assert!(!stderr.contains("panicked"));
    }
}

#[tokio::test]
async fn migrate_then_user_add_reading_the_password_from_stdin_creates_a_user_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/nested/folder/app.db", dir.path().display());
    let env = [
        ("DATABASE_URL", db.as_str()),
        ("APP_SECRET", "cli-test-secret-0123456789abcdef0123456789"),
    ];

    let migrated = closebot_sms(dir.path(), &["migrate"], &env, "");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let added = closebot_sms(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "ops@example.com",
            "--role",
            "agent",
        ],
        &env,
        "s3cret-enough\n",
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let duplicate = closebot_sms(
        dir.path(),
        &[
            "user",
            "add",
            "--email",
            "OPS@example.com",
            "--role",
            "agent",
        ],
        &env,
        "another-one\n",
    );
    assert!(!duplicate.status.success());
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("already exists"));
    let short = closebot_sms(
        dir.path(),
        &["user", "add", "--email", "x@example.com", "--role", "admin"],
        &env,
        "short\n",
    );
    assert!(!short.status.success());
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 8"));

    let env: Vec<(&str, String)> = env.iter().map(|(k, v)| (*k, v.to_string())).collect();
    let app = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let login = reqwest::Client::new()
        .post(format!("{}/api/auth/login", app.address))
        .json(&json!({ "email": "ops@example.com", "password": "s3cret-enough" }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    assert_eq!(
        login.json::<serde_json::Value>().await.unwrap()["role"],
        "agent"
    );
}

#[test]
fn without_app_secret_one_is_generated_once_and_kept_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/data/app.db", dir.path().display());
    // `migrate` does not need the secret; `user add` neither; the server does.
    let out = closebot_sms(
        dir.path(),
        &["migrate"],
        &[("DATABASE_URL", db.as_str())],
        "",
    );
    assert!(out.status.success());
    let secret = closebot_sms_secret(dir.path(), &db);
    assert_eq!(secret.len(), 64);
    assert_eq!(
        closebot_sms_secret(dir.path(), &db),
        secret,
        "kept across restarts"
    );
}

/// Starts the server briefly (port 0) and reads the generated secret.
fn closebot_sms_secret(dir: &std::path::Path, db: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_closebot-sms"))
        .current_dir(dir)
        .env_clear()
        .env("DATABASE_URL", db)
        .env("PORT", "0")
        .env("HOST", "127.0.0.1")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let path = dir.join("data/app_secret");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !path.exists() {
        assert!(std::time::Instant::now() < deadline, "no secret file");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(100));
    let _ = child.kill();
    let _ = child.wait();
    let secret = std::fs::read_to_string(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    secret
}
