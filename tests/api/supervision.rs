//! Supervision and honest health: a worker that dies is started again, one
//! that keeps dying or a writer that is stuck or gone makes `/api/health`
//! answer 503 naming it, and webhooks do not hang on a stuck database.

use std::time::Duration;

use closebot_sms::storage::Provider;
use serde_json::json;

use crate::support::{
    eventually, inbound_params, new_sid, spawn_app, spawn_app_with, Setup, OUR_NUMBER,
};

const ALICE: &str = "+15551230901";

#[tokio::test]
async fn a_worker_that_dies_is_started_again_and_delivery_goes_on() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.state.outbox.faults.kill_worker(Provider::Closebot, 1);
    app.state.outbox.wake(Provider::Closebot);

    app.text_in(ALICE, "still there?").await;

    eventually("the text to reach CloseBot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let (status, health) = app.health().await;
    assert_eq!(status, 200, "{health}");
    let closebot = &health["workers"][1];
    assert_eq!(closebot["provider"], "closebot");
    assert_eq!(closebot["restarts"], 1);
    assert!(closebot["lastDeath"]
        .as_str()
        .unwrap()
        .contains("injected fault"));
}

#[tokio::test]
async fn a_worker_that_keeps_dying_makes_health_answer_503_naming_it() {
    let app = spawn_app().await;
    app.state
        .outbox
        .faults
        .kill_worker(Provider::Twilio, u64::MAX);
    app.state.outbox.wake(Provider::Twilio);

    eventually("health to report the Twilio worker down", || async {
        let (status, health) = app.health().await;
        status == 503 && health["down"] == json!(["twilio worker"])
    })
    .await;
    let (_, health) = app.health().await;
    assert_eq!(health["status"], "unavailable");
    assert_eq!(health["workers"][0]["ok"], false);
    assert_eq!(health["workers"][1]["ok"], true);

    app.state.outbox.faults.kill_worker(Provider::Twilio, 0);
    eventually("health to recover once the worker stays up", || async {
        app.health().await.0 == 200
    })
    .await;
}

#[tokio::test]
async fn a_stuck_writer_makes_health_answer_503_and_webhooks_answer_503_instead_of_hanging() {
    let app = spawn_app_with(Setup {
        webhook_write_timeout: Duration::from_millis(500),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    // An operation that never finishes holds the only writer (a disk that
    // stopped answering would do the same).
    let store = app.state.store.clone();
    tokio::spawn(async move {
        let _ = store
            .write(|_| Box::pin(std::future::pending::<closebot_sms::storage::StoreResult<()>>()))
            .await;
    });

    let started = tokio::time::Instant::now();
    let response = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &inbound_params(&new_sid(), ALICE, OUR_NUMBER, "hello?"),
        )
        .await;
    assert_eq!(response.status(), 503, "Twilio retries a 503");
    assert!(started.elapsed() < Duration::from_secs(5));

    eventually("health to report the writer down", || async {
        let (status, health) = app.health().await;
        status == 503 && health["down"] == json!(["writer"])
    })
    .await;
    let (_, health) = app.health().await;
    assert!(health["writer"]["detail"]
        .as_str()
        .unwrap()
        .contains("did not finish a write"));
}

#[tokio::test]
async fn a_writer_that_is_gone_makes_health_answer_503() {
    let app = spawn_app().await;
    assert_eq!(app.health().await.0, 200);
    app.state.store.close().await;

    let (status, health) = app.health().await;
    assert_eq!(status, 503);
    assert!(health["down"]
        .as_array()
        .unwrap()
        .contains(&json!("writer")));
    assert_eq!(
        health["writer"]["detail"],
        "the database writer has stopped"
    );
}

#[tokio::test]
async fn health_reports_how_long_the_oldest_due_job_has_waited() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let (_, idle) = app.health().await;
    assert_eq!(idle["queue"]["oldestDueJobAgeSeconds"], json!(null));

    // No worker takes CloseBot work, so a forward stays due.
    app.state
        .outbox
        .faults
        .kill_worker(Provider::Closebot, u64::MAX);
    app.state.outbox.wake(Provider::Closebot);
    tokio::time::sleep(Duration::from_millis(200)).await;
    app.text_in(ALICE, "anyone?").await;
    eventually("the waiting forward to show its age", || async {
        let (_, health) = app.health().await;
        health["queue"]["oldestDueJobAgeSeconds"]
            .as_f64()
            .is_some_and(|age| age >= 0.5)
    })
    .await;
}
