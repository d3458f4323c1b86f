use serde_json::{json, Value};

use std::time::Duration;

use closebot_sms::queue::RetryPolicy;

use crate::support::{eventually, spawn_app, spawn_app_with, Setup, TestApp};

const CUSTOMER: &str = "+15551230200";

/// A bot reply that Twilio accepted; returns its SID.
async fn sent_reply(app: &TestApp) -> String {
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        !app.closebot.events().is_empty()
    })
    .await;
    let state = app.closebot.events()[0].state.clone();
    app.bot_reply(&json!({ "message": "Hi!", "state": state }))
        .await;
    eventually("Twilio to receive the reply", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    app.settle().await;
    app.twilio.sent()[0].sid.clone()
}

async fn reply_status(app: &TestApp) -> Value {
    app.conversation(&app.admin().await, CUSTOMER).await["messages"][1].clone()
}

#[tokio::test]
async fn statuses_move_forward_and_a_late_sent_never_replaces_delivered() {
    let app = spawn_app().await;
    let sid = sent_reply(&app).await;

    for status in ["sent", "delivered", "sent", "sending", "queued"] {
        assert_eq!(app.status_callback(&sid, status, None).await.status(), 200);
    }
    assert_eq!(reply_status(&app).await["twilioStatus"], "delivered");
    app.status_callback(&sid, "read", None).await;
    assert_eq!(reply_status(&app).await["twilioStatus"], "read");
}

#[tokio::test]
async fn a_failure_keeps_twilio_error_code_with_an_explanation_and_is_final() {
    let app = spawn_app().await;
    let sid = sent_reply(&app).await;

    app.status_callback(&sid, "undelivered", Some("30003"))
        .await;
    app.status_callback(&sid, "delivered", None).await;

    let message = reply_status(&app).await;
    assert_eq!(message["twilioStatus"], "undelivered");
    assert_eq!(message["errorCode"], "30003");
    assert_eq!(message["errorMessage"], "Twilio says no");
    assert!(message["errorExplanation"]
        .as_str()
        .unwrap()
        .contains("switched off"));
}

#[tokio::test]
async fn a_status_callback_needs_twilio_signature() {
    let app = spawn_app().await;
    let sid = sent_reply(&app).await;
    let forged = app
        .client
        .post(app.url("/api/webhooks/twilio/status"))
        .form(&[("MessageSid", sid.as_str()), ("MessageStatus", "failed")])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    assert_ne!(reply_status(&app).await["twilioStatus"], "failed");
}

#[tokio::test]
async fn an_opt_out_error_in_a_status_callback_marks_the_contact_opted_out() {
    let app = spawn_app().await;
    let sid = sent_reply(&app).await;
    app.status_callback(&sid, "failed", Some("21610")).await;
    let thread = app.conversation(&app.admin().await, CUSTOMER).await;
    assert_eq!(thread["contact"]["optedOut"], true);
    assert_eq!(thread["contact"]["optOutKeyword"], "twilio:21610");
}

fn checking_after(delay: Duration) -> Setup {
    Setup {
        retry: RetryPolicy {
            status_check_after: delay,
            ..Setup::default().retry
        },
        ..Setup::default()
    }
}

#[tokio::test]
async fn a_sent_text_whose_callbacks_never_come_is_looked_up_at_twilio() {
    let app = spawn_app_with(checking_after(Duration::from_millis(300))).await;
    let sid = sent_reply(&app).await;
    // The carrier delivered it, but no callback ever reaches us.
    app.twilio.set_status(&sid, "delivered");

    eventually("the lookup to settle the status", || async {
        reply_status(&app).await["twilioStatus"] == "delivered"
    })
    .await;
    assert_eq!(app.twilio.lookups(), 1, "a final status ends the lookups");
}

#[tokio::test]
async fn lookups_go_on_at_growing_intervals_while_twilio_has_no_final_status() {
    let app = spawn_app_with(checking_after(Duration::from_millis(200))).await;
    let sid = sent_reply(&app).await;

    // First lookup after 0.2 s: still `sent`; the next comes 0.6 s later.
    eventually("a first lookup", || async { app.twilio.lookups() == 1 }).await;
    assert_eq!(reply_status(&app).await["twilioStatus"], "sent");
    app.twilio.set_status(&sid, "undelivered");
    eventually("a later lookup to find it undelivered", || async {
        reply_status(&app).await["twilioStatus"] == "undelivered"
    })
    .await;
    // Measured between the lookups themselves, so a slow machine can only
    // widen the gap, never fake it.
    let gaps = app.twilio.lookup_gaps();
    assert!(!gaps.is_empty(), "looked up again");
    assert!(
        gaps[0] >= Duration::from_millis(550),
        "not before its interval: {gaps:?}"
    );
    assert!(
        gaps.windows(2).all(|pair| pair[1] >= pair[0]),
        "intervals grow: {gaps:?}"
    );
}

#[tokio::test]
async fn a_text_whose_final_status_came_by_callback_is_not_looked_up() {
    let app = spawn_app_with(checking_after(Duration::from_millis(200))).await;
    let sid = sent_reply(&app).await;
    assert_eq!(
        app.status_callback(&sid, "delivered", None).await.status(),
        200
    );

    tokio::time::sleep(Duration::from_millis(600)).await;
    app.settle().await;
    assert_eq!(app.twilio.lookups(), 0);
    assert_eq!(reply_status(&app).await["twilioStatus"], "delivered");
}
