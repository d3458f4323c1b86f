use serde_json::{json, Value};

use crate::support::fake_closebot::Reply as BotReply;
use std::time::Duration;

use closebot_sms::queue::RetryPolicy;

use crate::support::{eventually, spawn_app, spawn_app_with, Setup, TestApp, OUR_NUMBER};

const CUSTOMER: &str = "+15551230300";

#[tokio::test]
async fn a_manual_reply_takes_over_and_resume_hands_back_to_the_bot() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.closebot.add_lead(CUSTOMER, "lead_42");
    app.text_in(CUSTOMER, "Can I talk to a person?").await;
    eventually("the first text to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let admin = app.admin().await;
    let contact_id = customer_id(&app, &admin).await;

    let sent = send_manual(&app, &admin, &contact_id, "Hi, this is Dana from the team.").await;
    assert_eq!(sent.status(), 202);
    let sent: Value = sent.json().await.unwrap();
    assert_eq!(sent["mode"], "human");
    assert_eq!(sent["message"]["source"], "manual");

    eventually("Twilio to receive the manual reply", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    let sms = &app.twilio.sent()[0];
    assert_eq!(
        (sms.to.as_str(), sms.from.as_str(), sms.body.as_str()),
        (CUSTOMER, OUR_NUMBER, "Hi, this is Dana from the team.")
    );
    eventually("CloseBot's AI to be switched off for the lead", || async {
        app.closebot.toggles() == vec![("lead_42".to_owned(), false)]
    })
    .await;

    // While a person handles it, texts are stored but not forwarded.
    app.text_in(CUSTOMER, "Thanks Dana").await;
    app.settle().await;
    assert_eq!(app.closebot.events().len(), 1);
    let thread = app.conversation(&admin, CUSTOMER).await;
    assert_eq!(thread["contact"]["mode"], "human");
    assert_eq!(thread["messages"][2]["forwardState"], "human");

    let resumed = admin
        .post(app.url(&format!("/api/conversations/{contact_id}/resume-bot")))
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.status(), 200);
    assert_eq!(resumed.json::<Value>().await.unwrap()["mode"], "bot");
    eventually("CloseBot's AI to be switched back on", || async {
        app.closebot.toggles().last() == Some(&("lead_42".to_owned(), true))
    })
    .await;

    app.text_in(CUSTOMER, "Back to the bot then").await;
    eventually("the next text to reach the bot", || async {
        app.closebot.events().len() == 2
    })
    .await;
    assert_eq!(app.closebot.events()[1].message, "Back to the bot then");
}

#[tokio::test]
async fn a_bot_reply_that_arrives_during_a_takeover_is_kept_but_not_sent() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        !app.closebot.events().is_empty()
    })
    .await;
    let state = app.closebot.events()[0].state.clone();
    let admin = app.admin().await;
    let contact_id = customer_id(&app, &admin).await;
    send_manual(&app, &admin, &contact_id, "I've got this").await;

    let late = app
        .bot_reply(&json!({ "message": "Bot here!", "state": state }))
        .await;

    assert_eq!(
        late.json::<Value>().await.unwrap()["status"],
        "held_for_human"
    );
    app.settle().await;
    let bodies: Vec<String> = app.twilio.sent().into_iter().map(|s| s.body).collect();
    assert_eq!(bodies, ["I've got this"]);
    let thread = app.conversation(&admin, CUSTOMER).await;
    let kept = thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["body"] == "Bot here!")
        .unwrap();
    assert_eq!(kept["twilioStatus"], "canceled");
    assert!(kept["errorMessage"]
        .as_str()
        .unwrap()
        .contains("taken over"));
}

#[tokio::test]
async fn manual_sends_are_validated() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "hello").await;
    let admin = app.admin().await;
    let contact_id = customer_id(&app, &admin).await;
    let send = |body: Value| {
        let admin = admin.clone();
        let url = app.url(&format!("/api/conversations/{contact_id}/send"));
        async move { admin.post(url).json(&body).send().await.unwrap() }
    };

    assert_eq!(send(json!({ "body": "   " })).await.status(), 422);
    assert_eq!(
        send(json!({ "body": "x".repeat(1601) })).await.status(),
        422
    );
    assert_eq!(send(json!({ "body": 42 })).await.status(), 422);
    assert_eq!(send(json!({})).await.status(), 422);
    let unknown = admin
        .post(app.url("/api/conversations/nope/send"))
        .json(&json!({ "body": "hi" }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let not_json = admin
        .post(app.url(&format!("/api/conversations/{contact_id}/send")))
        .body("body=hi")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 415);
    assert_eq!(
        not_json.json::<Value>().await.unwrap()["error"]["code"],
        "unsupported_media_type"
    );
}

#[tokio::test]
async fn a_takeover_switches_the_bot_off_at_once_even_while_a_text_waits_to_be_forwarded() {
    // A failed forward waits a minute before its next attempt.
    let app = spawn_app_with(Setup {
        retry: RetryPolicy {
            base_delay: Duration::from_secs(60),
            max_delay: Duration::from_secs(60),
            ..Setup::default().retry
        },
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.closebot.add_lead(CUSTOMER, "lead_7");
    app.text_in(CUSTOMER, "Hello?").await;
    eventually("the first text to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    // CloseBot's event endpoint starts failing: the next text backs off in
    // this contact's queue.
    app.closebot.set_default(BotReply::Status(503));
    app.text_in(CUSTOMER, "Anyone there?").await;
    eventually("the forward to fail once", || async {
        app.closebot.event_attempts() >= 2
    })
    .await;

    let admin = app.admin().await;
    let contact_id = customer_id(&app, &admin).await;
    let sent = send_manual(&app, &admin, &contact_id, "I'm here, this is Dana.").await;
    assert_eq!(sent.status(), 202);
    eventually(
        "CloseBot's AI to be switched off despite the stuck text",
        || async { app.closebot.toggles() == vec![("lead_7".to_owned(), false)] },
    )
    .await;
}

/// The id of `CUSTOMER`'s contact, as the dashboard sees it.
async fn customer_id(app: &TestApp, admin: &reqwest::Client) -> String {
    app.conversation(admin, CUSTOMER).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A manual reply from the dashboard.
async fn send_manual(
    app: &TestApp,
    admin: &reqwest::Client,
    contact_id: &str,
    body: &str,
) -> reqwest::Response {
    admin
        .post(app.url(&format!("/api/conversations/{contact_id}/send")))
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap()
}
