//! What an import refuses, in one line and without writing a row: a target
//! that holds data or has a server running, a file of another format
//! version or a newer schema, and a damaged or truncated file.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{all_rows, count, open, run_ok, run_refused};
use crate::support::{spawn_app, test_dir, TestApp};

/// A running app with a conversation, and its export at `dir/name`.
async fn exported(dir: &Path, name: &str) -> (TestApp, PathBuf) {
    let app = spawn_app().await;
    app.text_in("+15551230600", "first").await;
    app.text_in("+15551230601", "second").await;
    let file = dir.join(name);
    run_ok(&["export", file.to_str().unwrap()], &app.database).await;
    (app, file)
}

async fn triggers(db: &Path) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger'")
        .fetch_one(&open(db).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_import_into_a_database_with_data_or_a_server_is_refused_and_changes_nothing() {
    let dir = test_dir();
    let (app, file) = exported(dir.path(), "export.jsonl").await;

    let busy = run_refused(&["import", file.to_str().unwrap()], &app.database).await;
    assert!(
        busy.contains("is running on") && busy.contains("stop it before importing"),
        "{busy}"
    );

    let target = dir.path().join("app.db");
    run_ok(&["import", file.to_str().unwrap()], &target).await;
    let before = all_rows(&target).await;
    let again = run_refused(&["import", file.to_str().unwrap()], &target).await;
    assert!(
        again.contains("already holds data (contacts, messages, users)"),
        "{again}"
    );
    assert_eq!(all_rows(&target).await, before);
}

#[tokio::test]
async fn a_database_of_another_schema_is_not_exported() {
    let dir = test_dir();
    let db = dir.path().join("app.db");
    run_ok(&["migrate"], &db).await;
    sqlx::query(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .execute(&open(&db).await)
    .await
    .unwrap();
    let file = dir.path().join("export.jsonl");

    let refused = run_refused(&["export", file.to_str().unwrap()], &db).await;

    assert!(
        refused.contains("run `closebot-sms migrate` first"),
        "{refused}"
    );
    assert!(!file.exists());
}

/// `file` with its header line edited by `edit`.
fn with_header(file: &Path, name: &str, edit: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let (first, rest) = text.split_once('\n').unwrap();
    let mut header: serde_json::Value = serde_json::from_str(first).unwrap();
    edit(&mut header);
    let edited = file.with_file_name(name);
    std::fs::write(&edited, format!("{header}\n{rest}")).unwrap();
    edited
}

#[tokio::test]
async fn another_format_version_or_a_newer_schema_is_refused_before_anything_is_written() {
    let dir = test_dir();
    let (_app, file) = exported(dir.path(), "export.jsonl").await;
    let target = dir.path().join("target/app.db");
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "not an export\n").unwrap();

    let cases = [
        (
            with_header(&file, "v2.jsonl", |h| h["version"] = 2.into()),
            "it is in format version 2; this closebot-sms reads version 1",
        ),
        (
            with_header(&file, "newer.jsonl", |h| h["schema"] = 9999.into()),
            "it was exported by a newer closebot-sms (schema 9999",
        ),
        (notes, "it is not a closebot-sms export"),
        (dir.path().join("absent.jsonl"), "there is no file at"),
    ];
    for (file, why) in cases {
        let refused = run_refused(&["import", file.to_str().unwrap()], &target).await;
        assert!(refused.contains(why), "{refused}");
    }
    assert!(!target.exists(), "nothing was written");
}

/// A copy of `file` cut to `keep` of its bytes.
fn cut(file: &Path, keep: impl Fn(usize) -> usize) -> PathBuf {
    let bytes = std::fs::read(file).unwrap();
    let cut = file.with_extension("gz.cut");
    std::fs::write(&cut, &bytes[..keep(bytes.len())]).unwrap();
    cut
}

/// A copy of `file` with its lines changed by `edit`.
fn edit_lines(file: &Path, name: &str, edit: impl Fn(Vec<String>) -> Vec<String>) -> PathBuf {
    let text = std::fs::read_to_string(file).unwrap();
    let lines = edit(text.lines().map(str::to_owned).collect());
    let edited = file.with_file_name(name);
    let mut out = std::fs::File::create(&edited).unwrap();
    for line in lines {
        writeln!(out, "{line}").unwrap();
    }
    edited
}

#[tokio::test]
async fn a_damaged_or_truncated_file_leaves_the_database_empty_and_importable() {
    let dir = test_dir();
    let (app, plain) = exported(dir.path(), "export.jsonl").await;
    let gzip = dir.path().join("export.jsonl.gz");
    run_ok(&["export", gzip.to_str().unwrap()], &app.database).await;
    let is_message = |l: &String| l.starts_with(r#"{"table":"messages""#);

    let cases = [
        (
            cut(&plain, |n| n * 2 / 3),
            "the file is damaged or truncated (line ",
        ),
        (
            cut(&gzip, |n| n / 2),
            "the file is damaged or truncated (line ",
        ),
        (
            edit_lines(&plain, "short.jsonl", |mut lines| {
                let last = lines.pop().unwrap();
                assert!(last.starts_with(r#"{"table":"message_hops""#), "{last}");
                lines
            }),
            "do not match the file's header (message_hops: ",
        ),
        (
            edit_lines(&plain, "true.jsonl", |lines| {
                lines
                    .into_iter()
                    .map(|l| {
                        if is_message(&l) {
                            l.replace(r#""direction":"inbound""#, r#""direction":true"#)
                        } else {
                            l
                        }
                    })
                    .collect()
            }),
            "messages.direction: true is not a value this format knows",
        ),
        (
            edit_lines(&plain, "sideways.jsonl", |lines| {
                lines
                    .into_iter()
                    .map(|l| {
                        if is_message(&l) {
                            l.replace(r#""direction":"inbound""#, r#""direction":"sideways""#)
                        } else {
                            l
                        }
                    })
                    .collect()
            }),
            "the database refused the file's rows (messages rows from line",
        ),
    ];
    let fresh = dir.path().join("fresh.db");
    run_ok(&["migrate"], &fresh).await;
    let target = dir.path().join("app.db");
    for (file, why) in cases {
        let refused = run_refused(&["import", file.to_str().unwrap()], &target).await;
        assert!(
            refused.contains(why) && refused.contains("nothing was imported"),
            "{refused}"
        );
        for table in ["users", "contacts", "messages", "events"] {
            assert_eq!(count(&target, table).await, 0, "{table} after: {refused}");
        }
        assert_eq!(
            triggers(&target).await,
            triggers(&fresh).await,
            "the triggers are back"
        );
    }

    // The same database then takes the whole file.
    run_ok(&["import", gzip.to_str().unwrap()], &target).await;
    assert_eq!(count(&target, "messages").await, 2);
}
