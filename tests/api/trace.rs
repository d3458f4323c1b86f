//! The round-trip tracer (`GET /api/messages/{id}/trace`): a text's whole
//! way through the bot's reply to its delivery, a repeated webhook, and
//! (in `reasons`) one test per reason a step did not happen.

mod reasons;

use serde_json::Value;

use crate::support::{eventually, inbound_params, new_sid, spawn_app, TestApp, OUR_NUMBER};

const CUSTOMER: &str = "+15551230900";

/// The trace of message `id`, as a signed-in user reads it.
pub async fn trace_of(app: &TestApp, admin: &reqwest::Client, id: &str) -> Value {
    let response = admin
        .get(app.url(&format!("/api/messages/{id}/trace")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

pub fn kinds(trace: &Value) -> Vec<&str> {
    hops(trace)
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect()
}

pub fn hops(trace: &Value) -> &Vec<Value> {
    trace["hops"].as_array().unwrap()
}

/// The last hop of `kind`.
pub fn hop<'a>(trace: &'a Value, kind: &str) -> &'a Value {
    hops(trace)
        .iter()
        .rev()
        .find(|h| h["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} hop in {trace:#}"))
}

/// The id of the `index`-th message of `phone`'s conversation.
pub async fn message_id(
    app: &TestApp,
    admin: &reqwest::Client,
    phone: &str,
    index: usize,
) -> String {
    let thread = app.conversation(admin, phone).await;
    thread["messages"][index]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("no message {index} in {thread:#}"))
        .to_owned()
}

#[tokio::test]
async fn a_customer_text_is_traced_through_the_bot_reply_to_its_delivery() {
    let app = spawn_app().await;
    app.create_route(serde_json::json!({})).await;
    app.closebot.auto_reply_to(&app.callback_url());
    app.text_in(CUSTOMER, "Do you do weekend appointments?")
        .await;
    eventually("Twilio to receive the bot's reply", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    let sid = app.twilio.sent()[0].sid.clone();
    let admin = app.admin().await;
    eventually("the reply to carry Twilio's SID", || async {
        app.conversation(&admin, CUSTOMER).await["messages"][1]["twilioSid"] == sid.as_str()
    })
    .await;
    for status in ["sent", "delivered", "sent"] {
        assert_eq!(app.status_callback(&sid, status, None).await.status(), 200);
    }

    let text = message_id(&app, &admin, CUSTOMER, 0).await;
    let reply = message_id(&app, &admin, CUSTOMER, 1).await;
    let trace = trace_of(&app, &admin, &text).await;

    assert_eq!(trace["messageId"], text.as_str());
    assert_eq!(
        kinds(&trace),
        [
            "webhookReceived",
            "stored",
            "queuedForBot",
            "forwardedToBot",
            "botReplyReceived",
            "queuedForSend",
            "sentToTwilio",
            "statusCallback",
            "statusCallback",
            "statusCallback"
        ]
    );
    let all = hops(&trace);
    assert!(all.iter().all(|h| h["status"] == "ok"), "{trace:#}");
    let owners: Vec<&str> = all
        .iter()
        .map(|h| h["messageId"].as_str().unwrap())
        .collect();
    assert_eq!(owners[..4], [text.as_str(); 4]);
    assert_eq!(owners[4..], [reply.as_str(); 6]);

    let received = hop(&trace, "webhookReceived");
    assert_eq!(received["signature"], "valid");
    assert_eq!(received["duplicate"], false);
    let forwarded = hop(&trace, "forwardedToBot");
    assert_eq!(
        (
            forwarded["attempt"].as_i64(),
            forwarded["httpStatus"].as_i64()
        ),
        (Some(1), Some(200))
    );
    assert!(forwarded["tookMs"].as_i64().unwrap() >= 0);
    let sent = hop(&trace, "sentToTwilio");
    assert_eq!(sent["httpStatus"], 201);
    assert_eq!(sent["attempt"], 1);
    assert_eq!(sent["twilioSid"], sid.as_str());
    let statuses: Vec<(&str, bool)> = all[7..]
        .iter()
        .map(|h| (h["twilioStatus"].as_str().unwrap(), h["ignored"] == true))
        .collect();
    assert_eq!(
        statuses,
        [("sent", false), ("delivered", false), ("sent", true)],
        "a late `sent` is shown as changing nothing"
    );

    assert_eq!(all[0]["sincePreviousMs"], Value::Null);
    let mut previous = chrono::DateTime::<chrono::Utc>::MIN_UTC;
    for h in all {
        let at: chrono::DateTime<chrono::Utc> = h["at"].as_str().unwrap().parse().unwrap();
        assert!(at >= previous, "hops in order: {trace:#}");
        previous = at;
        if let Some(gap) = h["sincePreviousMs"].as_i64() {
            assert!(gap >= 0);
        }
    }
    let messages: Vec<&str> = trace["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["source"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["customer", "bot"]);

    let from_the_reply = trace_of(&app, &admin, &reply).await;
    assert_eq!(from_the_reply["messageId"], reply.as_str());
    assert_eq!(
        kinds(&from_the_reply),
        kinds(&trace),
        "the reply's trace starts at its origin"
    );
}

#[tokio::test]
async fn a_webhook_twilio_delivers_twice_shows_as_a_duplicate() {
    let app = spawn_app().await;
    app.create_route(serde_json::json!({})).await;
    let params = inbound_params(&new_sid(), CUSTOMER, OUR_NUMBER, "Hello?");
    for _ in 0..2 {
        let response = app
            .post_twilio("/api/webhooks/twilio/inbound", &params)
            .await;
        assert_eq!(response.status(), 200);
    }
    app.settle().await;
    let admin = app.admin().await;
    let text = message_id(&app, &admin, CUSTOMER, 0).await;

    let trace = trace_of(&app, &admin, &text).await;

    let receipts: Vec<&Value> = hops(&trace)
        .iter()
        .filter(|h| h["kind"] == "webhookReceived")
        .collect();
    assert_eq!(receipts.len(), 2, "{trace:#}");
    assert_eq!(receipts[0]["duplicate"], false);
    assert_eq!(receipts[1]["duplicate"], true);
    assert!(receipts[1]["note"]
        .as_str()
        .unwrap()
        .contains("not stored or forwarded twice"));
    let stored = kinds(&trace).iter().filter(|k| **k == "stored").count();
    let forwarded = kinds(&trace)
        .iter()
        .filter(|k| **k == "forwardedToBot")
        .count();
    assert_eq!((stored, forwarded), (1, 1));
}

#[tokio::test]
async fn an_unknown_message_has_no_trace_and_strangers_get_none() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for id in ["999999", "not-a-number"] {
        let response = admin
            .get(app.url(&format!("/api/messages/{id}/trace")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{id}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
    let stranger = app
        .client
        .get(app.url("/api/messages/1/trace"))
        .send()
        .await
        .unwrap();
    assert_eq!(stranger.status(), 401);
}
