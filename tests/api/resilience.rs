use std::time::Duration;

use closebot_sms::queue::RetryPolicy;
use serde_json::{json, Value};

use crate::support::fake_closebot::Reply as BotReply;
use crate::support::fake_twilio::Reply as SmsReply;
use crate::support::{eventually, spawn_app, spawn_app_with, FakeCloseBot, Setup, TestApp};

const ALICE: &str = "+15551230701";
const BOB: &str = "+15551230702";

fn patient() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 50,
        ..Setup::default().retry
    }
}

#[tokio::test]
async fn texts_wait_while_closebot_refuses_connections_and_arrive_once_in_order_when_it_is_back() {
    let (closebot, port) = FakeCloseBot::reserve();
    let app = spawn_app_with(Setup {
        closebot: Some(closebot),
        retry: patient(),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;

    for body in ["one", "two", "three"] {
        app.text_in(ALICE, body).await;
    }
    app.text_in(BOB, "bob's only text").await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    app.closebot.start_reserved(port).await;

    eventually("all four texts to arrive", || async {
        app.closebot.events().len() >= 4
    })
    .await;
    app.settle().await;
    let events = app.closebot.events();
    assert_eq!(events.len(), 4, "each text exactly once");
    let alice: Vec<&str> = events
        .iter()
        .filter(|e| e.contact_id == ALICE)
        .map(|e| e.message.as_str())
        .collect();
    assert_eq!(alice, ["one", "two", "three"]);
}

#[tokio::test]
async fn closebot_5xx_and_429_are_retried_with_backoff() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.closebot.script([
        BotReply::Status(503),
        BotReply::Status(500),
        BotReply::Status(429),
    ]);

    app.text_in(ALICE, "persist please").await;

    eventually("the text to get through", || async {
        app.closebot.events().len() == 1
    })
    .await;
    assert_eq!(app.closebot.event_attempts(), 4);
}

#[tokio::test]
async fn a_closebot_call_that_times_out_is_retried_until_the_text_gets_through() {
    let app = spawn_app_with(Setup {
        http_timeout: Duration::from_millis(700),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.closebot.script([BotReply::Hang, BotReply::Hang]);

    app.text_in(ALICE, "are you there?").await;

    eventually("the text to get through after two timeouts", || async {
        app.closebot.events().len() == 1
    })
    .await;
    assert_eq!(app.closebot.event_attempts(), 3);
    // CloseBot has the text before the app has written down that it does.
    let admin = app.admin().await;
    eventually("the text to be marked forwarded", || async {
        app.conversation(&admin, ALICE).await["messages"][0]["forwardState"] == "forwarded"
    })
    .await;
}

#[tokio::test]
async fn a_forward_closebot_took_before_timing_out_is_looked_up_not_sent_again() {
    let app = spawn_app_with(Setup {
        http_timeout: Duration::from_millis(700),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.closebot.add_lead(ALICE, "lead_alice");
    app.closebot.add_lead(BOB, "lead_bob");
    // Alice's text reaches CloseBot but the answer never comes; Bob's
    // first attempt never reaches it at all.
    app.closebot.script([BotReply::AcceptThenHang]);
    app.text_in(ALICE, "yes").await;
    eventually("CloseBot to take Alice's text", || async {
        app.closebot.events().len() == 1
    })
    .await;
    app.closebot.script([BotReply::Hang]);
    app.text_in(BOB, "yes").await;

    let admin = app.admin().await;
    eventually("both texts to be marked forwarded", || async {
        let alice = app.conversation(&admin, ALICE).await;
        let bob = app.conversation(&admin, BOB).await;
        alice["messages"][0]["forwardState"] == "forwarded"
            && bob["messages"][0]["forwardState"] == "forwarded"
    })
    .await;
    let texts: Vec<(String, String)> = app
        .closebot
        .events()
        .into_iter()
        .map(|e| (e.contact_id, e.message))
        .collect();
    // Alice's retry found her text at CloseBot; Bob's did not, and sent it.
    assert_eq!(
        texts,
        [
            (ALICE.to_owned(), "yes".to_owned()),
            (BOB.to_owned(), "yes".to_owned())
        ]
    );
    assert_eq!(app.closebot.event_attempts(), 3);
}

#[tokio::test]
async fn twilio_429_and_5xx_are_retried_until_the_text_goes_out() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.twilio.script([
        SmsReply::Error {
            status: 429,
            code: 20429,
            message: "Too Many Requests",
        },
        SmsReply::Error {
            status: 500,
            code: 20500,
            message: "Internal Server Error",
        },
    ]);
    let sid = reply_to(&app, ALICE, "We can do that.").await;
    let _ = sid;
    eventually("the reply to go out", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    assert_eq!(app.twilio.send_attempts(), 3);
}

/// A customer texts, and the bot answers `reply`.
async fn reply_to(app: &TestApp, customer: &str, reply: &str) -> String {
    let sid = app.text_in(customer, "hi").await;
    eventually("CloseBot to receive the text", || async {
        app.closebot
            .events()
            .iter()
            .any(|e| e.contact_id == customer)
    })
    .await;
    let state = app
        .closebot
        .events()
        .into_iter()
        .find(|e| e.contact_id == customer)
        .unwrap()
        .state;
    assert_eq!(
        app.bot_reply(&json!({ "message": reply, "state": state }))
            .await
            .status(),
        200
    );
    sid
}

#[tokio::test]
async fn a_number_twilio_calls_invalid_fails_at_once_with_its_code() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.twilio.reject_recipient(
        ALICE,
        400,
        21211,
        "The 'To' number is not a valid phone number.",
    );

    reply_to(&app, ALICE, "Thanks!").await;

    app.settle().await;
    assert_eq!(
        app.twilio.send_attempts(),
        1,
        "retrying cannot fix an invalid number"
    );
    let thread = app.conversation(&app.admin().await, ALICE).await;
    let reply = &thread["messages"][1];
    assert_eq!(reply["twilioStatus"], "failed");
    assert_eq!(reply["errorCode"], "21211");
    assert!(reply["errorMessage"]
        .as_str()
        .unwrap()
        .contains("not a valid phone number"));
}

#[tokio::test]
async fn a_send_that_timed_out_is_found_at_twilio_instead_of_sent_twice() {
    let app = spawn_app_with(Setup {
        http_timeout: Duration::from_millis(700),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    // Twilio creates the message but the answer never comes back.
    app.twilio.script([SmsReply::AcceptThenHang]);

    reply_to(&app, ALICE, "Only one copy, please").await;

    let admin = app.admin().await;
    eventually("the reply to be matched with Twilio's message", || async {
        app.conversation(&admin, ALICE).await["messages"][1]["twilioSid"].is_string()
    })
    .await;
    assert_eq!(app.twilio.send_attempts(), 1, "no second send");
    assert!(
        app.twilio.list_calls() >= 1,
        "Twilio was asked whether it had the message"
    );
    let thread = app.conversation(&admin, ALICE).await;
    assert_eq!(
        thread["messages"][1]["twilioSid"],
        app.twilio.sent()[0].sid.as_str()
    );
}

#[tokio::test]
async fn work_that_keeps_failing_ends_visibly_failed_and_can_be_retried() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.closebot.set_default(BotReply::Status(502));

    app.text_in(ALICE, "Is anyone there?").await;

    let admin = app.admin().await;
    eventually("the forward to fail for good", || async {
        app.conversation(&admin, ALICE).await["messages"][0]["forwardState"] == "failed"
    })
    .await;
    let failed: Value = admin
        .get(app.url("/api/queue/failed"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(failed["total"], 1);
    let job = &failed["items"][0];
    assert_eq!(job["kind"], "forward_to_bot");
    assert_eq!(job["attempts"], 6);
    assert!(job["lastError"].as_str().unwrap().contains("502"), "{job}");
    let events: Value = admin
        .get(app.url("/api/events?type=forward_failed"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(events.as_array().unwrap().len(), 1);

    app.closebot.set_default(BotReply::Accept);
    let retried = admin
        .post(app.url(&format!("/api/queue/failed/{}/retry", job["id"])))
        .send()
        .await
        .unwrap();
    assert_eq!(retried.status(), 202);
    eventually("the retried text to arrive", || async {
        app.closebot.events().len() == 1
    })
    .await;
    eventually("the message to show forwarded", || async {
        app.conversation(&admin, ALICE).await["messages"][0]["forwardState"] == "forwarded"
    })
    .await;
}

#[tokio::test]
async fn one_contacts_stuck_text_does_not_hold_up_another_contacts() {
    let app = spawn_app_with(Setup {
        retry: patient(),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.twilio
        .reject_recipient(ALICE, 503, 20500, "Service Unavailable");
    reply_to(&app, ALICE, "stuck").await;
    reply_to(&app, BOB, "free").await;
    eventually("Bob's reply to go out", || async {
        app.twilio.sent().iter().any(|s| s.to == BOB)
    })
    .await;
}
