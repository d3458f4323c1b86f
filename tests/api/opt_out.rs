use serde_json::{json, Value};

use crate::support::{eventually, spawn_app, TestApp};

const CUSTOMER: &str = "+15551230400";

async fn contact(app: &TestApp) -> Value {
    app.conversation(&app.admin().await, CUSTOMER).await["contact"].clone()
}

async fn manual_send(app: &TestApp, body: &str) -> reqwest::Response {
    let admin = app.admin().await;
    let id = contact(app).await["id"].as_str().unwrap().to_owned();
    admin
        .post(app.url(&format!("/api/conversations/{id}/send")))
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn stop_opts_the_contact_out_with_evidence_and_nothing_is_sent_to_them() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let state = app.closebot.events()[0].state.clone();

    let stop_sid = app.text_in(CUSTOMER, "  Stop. ").await;

    let c = contact(&app).await;
    assert_eq!(c["optedOut"], true);
    assert_eq!(c["optOutKeyword"], "STOP");
    assert_eq!(c["optOutMessageSid"], stop_sid.as_str());
    assert!(c["optedOutAt"].is_string());

    let manual = manual_send(&app, "Please come back").await;
    assert_eq!(manual.status(), 409);
    assert_eq!(
        manual.json::<Value>().await.unwrap()["error"]["code"],
        "contact_opted_out"
    );
    let bot = app
        .bot_reply(&json!({ "message": "Are you still there?", "state": state }))
        .await;
    assert_eq!(bot.status(), 409);

    app.settle().await;
    assert!(
        app.twilio.sent().is_empty(),
        "no confirmation by default and nothing else: {:?}",
        app.twilio.sent()
    );
    assert_eq!(
        app.closebot.events().len(),
        1,
        "STOP is not forwarded to the bot"
    );
}

#[tokio::test]
async fn every_opt_out_keyword_counts_but_a_sentence_with_stop_does_not() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    for (i, word) in [
        "STOPALL",
        "unsubscribe",
        "Cancel",
        "END",
        "quit!",
        "REVOKE",
        "optout",
    ]
    .iter()
    .enumerate()
    {
        let phone = format!("+1555123050{i}");
        app.text_in(&phone, word).await;
        let thread = app.conversation(&app.admin().await, &phone).await;
        assert_eq!(thread["contact"]["optedOut"], true, "{word}");
    }
    app.text_in(CUSTOMER, "please stop calling me at work")
        .await;
    assert_eq!(contact(&app).await["optedOut"], false);
    eventually("the sentence to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
}

#[tokio::test]
async fn start_opts_back_in_and_sending_works_again() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "STOP").await;
    app.text_in(CUSTOMER, "start").await;

    assert_eq!(contact(&app).await["optedOut"], false);
    assert_eq!(manual_send(&app, "Welcome back").await.status(), 202);
    eventually("the text to go out", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    assert!(
        app.closebot.events().is_empty(),
        "keywords never reach the bot"
    );
}

#[tokio::test]
async fn yes_reopts_in_an_opted_out_contact_but_is_an_ordinary_answer_otherwise() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "Yes").await;
    eventually("a plain yes to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    app.text_in(CUSTOMER, "stop").await;
    app.text_in(CUSTOMER, "YES").await;
    assert_eq!(contact(&app).await["optedOut"], false);
    app.settle().await;
    assert_eq!(app.closebot.events().len(), 1);
}

#[tokio::test]
async fn help_gets_the_configured_help_text_and_is_not_forwarded() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let saved = admin
        .put(app.url("/api/settings"))
        .json(&json!({ "messaging": { "helpText": "Acme Sales: reply STOP to opt out. Help: 555-0100." } }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);

    app.text_in(CUSTOMER, "help").await;

    eventually("the help text to go out", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    assert_eq!(
        app.twilio.sent()[0].body,
        "Acme Sales: reply STOP to opt out. Help: 555-0100."
    );
    app.settle().await;
    assert!(app.closebot.events().is_empty());
}

#[tokio::test]
async fn configured_confirmations_are_sent_after_stop_and_start() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    admin
        .put(app.url("/api/settings"))
        .json(&json!({ "messaging": { "optOutConfirmation": "You're unsubscribed.", "optInConfirmation": "You're back!" } }))
        .send()
        .await
        .unwrap();
    app.text_in(CUSTOMER, "STOP").await;
    eventually("the opt-out confirmation", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    app.text_in(CUSTOMER, "UNSTOP").await;
    eventually("the opt-in confirmation", || async {
        app.twilio.sent().len() == 2
    })
    .await;
    let bodies: Vec<String> = app.twilio.sent().into_iter().map(|s| s.body).collect();
    assert_eq!(bodies, ["You're unsubscribed.", "You're back!"]);
}

#[tokio::test]
async fn twilio_21610_on_a_send_fails_the_message_and_opts_the_contact_out() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.twilio.reject_recipient(
        CUSTOMER,
        400,
        21610,
        "Attempt to send to unsubscribed recipient",
    );
    app.text_in(CUSTOMER, "hello").await;

    assert_eq!(manual_send(&app, "Hi there").await.status(), 202);

    eventually("the contact to be opted out", || async {
        contact(&app).await["optedOut"] == true
    })
    .await;
    app.settle().await;
    assert_eq!(app.twilio.send_attempts(), 1, "a 21610 is never retried");
    let thread = app.conversation(&app.admin().await, CUSTOMER).await;
    let failed = &thread["messages"][1];
    assert_eq!(failed["twilioStatus"], "failed");
    assert_eq!(failed["errorCode"], "21610");
    assert!(failed["errorExplanation"]
        .as_str()
        .unwrap()
        .contains("STOP"));
}

#[tokio::test]
async fn a_reply_queued_before_stop_is_canceled_not_sent() {
    use crate::support::fake_twilio::Reply;
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    // Twilio is briefly unavailable, so the reply waits in the outbox...
    app.twilio.script(
        [Reply::Error {
            status: 503,
            code: 20500,
            message: "unavailable",
        }; 3],
    );
    app.text_in(CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        app.closebot.events().len() == 1
    })
    .await;
    app.bot_reply(
        &json!({ "message": "Great, let's talk!", "state": app.closebot.events()[0].state }),
    )
    .await;
    // ...and the customer says STOP meanwhile.
    app.text_in(CUSTOMER, "STOP").await;

    let admin = app.admin().await;
    let reply_status = || async {
        let thread = app.conversation(&admin, CUSTOMER).await;
        let messages = thread["messages"].as_array().unwrap().clone();
        messages
            .into_iter()
            .find(|m| m["body"] == "Great, let's talk!")
            .unwrap()["twilioStatus"]
            .clone()
    };
    eventually("the queued reply to be canceled", || async {
        reply_status().await == "canceled"
    })
    .await;
    app.settle().await;
    assert!(app.twilio.sent().is_empty(), "{:?}", app.twilio.sent());
}

#[tokio::test]
async fn stop_cancels_replies_still_waiting_in_the_outbox_at_once() {
    let (twilio, _port) = crate::support::FakeTwilio::reserve();
    let app = crate::support::spawn_app_with(crate::support::Setup {
        twilio: Some(twilio),
        ..Default::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let admin = app.admin().await;
    let id = contact(&app).await["id"].as_str().unwrap().to_owned();
    // Twilio is unreachable, so manual replies queue up behind the first attempt.
    for body in ["one", "two", "three"] {
        let sent = admin
            .post(app.url(&format!("/api/conversations/{id}/send")))
            .json(&json!({ "body": body }))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 202);
    }

    app.text_in(CUSTOMER, "STOP").await;

    let thread = app.conversation(&admin, CUSTOMER).await;
    let statuses: Vec<&str> = thread["messages"].as_array().unwrap()[1..4]
        .iter()
        .map(|m| m["twilioStatus"].as_str().unwrap())
        .collect();
    assert_eq!(
        &statuses[1..],
        ["canceled", "canceled"],
        "texts no attempt touched are canceled by the STOP itself"
    );
}
