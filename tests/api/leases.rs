//! Leases: a job whose run never ends, or whose outcome cannot be written,
//! goes back to its lane at run time, and the contact's later texts follow it.

use std::time::Duration;

use closebot_sms::queue::RetryPolicy;
use serde_json::json;

use crate::support::fake_closebot::Reply as BotReply;
use crate::support::{eventually, spawn_app_with, Setup, TestApp};

const ALICE: &str = "+15551230801";
// Long enough that a loaded CI machine cannot make a run outlive it by accident.
const LEASE: Duration = Duration::from_millis(3000);

fn leased(http_timeout: Duration) -> Setup {
    Setup {
        retry: RetryPolicy {
            lease: LEASE,
            ..Setup::default().retry
        },
        http_timeout,
        ..Setup::default()
    }
}

fn forwarded(app: &TestApp) -> Vec<String> {
    app.closebot
        .events()
        .into_iter()
        .filter(|e| e.contact_id == ALICE)
        .map(|e| e.message)
        .collect()
}

#[tokio::test]
async fn a_run_that_never_returns_is_stopped_at_its_lease_and_the_next_text_follows_it() {
    // The call to CloseBot would only time out after ten minutes.
    let app = spawn_app_with(leased(Duration::from_secs(600))).await;
    app.create_route(json!({})).await;
    app.closebot.script([BotReply::Hang]);

    app.text_in(ALICE, "first").await;
    app.text_in(ALICE, "second").await;
    eventually("the first forward to hang", || async {
        app.closebot.event_attempts() == 1
    })
    .await;
    tokio::time::sleep(LEASE / 10).await;
    assert!(
        forwarded(&app).is_empty(),
        "the second text waits behind the first"
    );

    eventually("both texts to reach CloseBot after the lease", || async {
        forwarded(&app).len() == 2
    })
    .await;
    assert_eq!(forwarded(&app), ["first", "second"], "in order");
    assert_eq!(app.closebot.event_attempts(), 3);
}

#[tokio::test]
async fn a_run_whose_outcome_cannot_be_written_runs_again_and_the_next_text_follows_it() {
    let app = spawn_app_with(leased(Duration::from_secs(2))).await;
    app.create_route(json!({})).await;
    // The first attempt's outcome (completing the forward) fails to commit.
    let db = app.database().await;
    sqlx::query(
        "CREATE TRIGGER fail_first_outcome BEFORE DELETE ON jobs
         WHEN old.kind = 'forward_to_bot' AND old.attempts = 1
         BEGIN SELECT RAISE(ABORT, 'injected: the outcome write fails'); END",
    )
    .execute(&db)
    .await
    .unwrap();

    app.text_in(ALICE, "first").await;
    app.text_in(ALICE, "second").await;

    eventually("the second text to reach CloseBot", || async {
        forwarded(&app).last().map(String::as_str) == Some("second")
    })
    .await;
    // CloseBot saw the first text, but we could not record that: it is
    // handed over again (at least once), and still before the second.
    assert_eq!(forwarded(&app), ["first", "first", "second"]);
    app.settle().await;
}

#[tokio::test]
async fn a_job_left_running_is_taken_back_when_its_lease_runs_out() {
    let app = spawn_app_with(leased(Duration::from_secs(2))).await;
    app.create_route(json!({})).await;
    // Neither the outcome nor the release of the first attempt can be
    // written: the job stays `running` until its lease runs out.
    let db = app.database().await;
    for trigger in [
        "CREATE TRIGGER fail_outcome BEFORE DELETE ON jobs
         WHEN old.kind = 'forward_to_bot' AND old.attempts = 1
         BEGIN SELECT RAISE(ABORT, 'injected: the outcome write fails'); END",
        "CREATE TRIGGER fail_release BEFORE UPDATE OF state ON jobs
         WHEN old.state = 'running' AND new.state = 'ready' AND new.last_error LIKE 'attempt 1:%'
         BEGIN SELECT RAISE(ABORT, 'injected: the release fails'); END",
    ] {
        sqlx::query(trigger).execute(&db).await.unwrap();
    }

    app.text_in(ALICE, "first").await;
    app.text_in(ALICE, "second").await;
    eventually("the first forward to be stuck running", || async {
        forwarded(&app).len() == 1
    })
    .await;
    let stuck: (String, i64) = sqlx::query_as(
        "SELECT state, attempts FROM jobs WHERE kind = 'forward_to_bot' ORDER BY id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(stuck, ("running".to_owned(), 1));

    eventually("the lease to run out and both texts to arrive", || async {
        forwarded(&app).last().map(String::as_str) == Some("second")
    })
    .await;
    assert_eq!(forwarded(&app), ["first", "first", "second"]);
}

#[tokio::test]
async fn a_taken_back_job_keeps_its_attempt_and_reason() {
    let app = spawn_app_with(Setup {
        // Long backoff, so the released job can be read before it runs again.
        retry: RetryPolicy {
            lease: LEASE,
            base_delay: Duration::from_secs(30),
            ..Setup::default().retry
        },
        http_timeout: Duration::from_secs(600),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.closebot.script([BotReply::Hang]);
    app.text_in(ALICE, "first").await;

    let db = app.database().await;
    eventually("the hung run to be released", || async {
        let row: Option<(String, i64, Option<String>)> = sqlx::query_as(
            "SELECT state, attempts, last_error FROM jobs WHERE kind = 'forward_to_bot'",
        )
        .fetch_optional(&db)
        .await
        .unwrap();
        matches!(row, Some((state, 1, Some(error)))
            if state == "ready" && error.contains("did not finish within its lease"))
    })
    .await;
}
