use serde_json::{json, Value};

use crate::support::{eventually, spawn_app, TestApp, APP_URL, OUR_NUMBER};

const CUSTOMER: &str = "+15551230100";

/// A customer texts in; returns the state CloseBot was handed.
async fn conversation_with_state(app: &TestApp) -> Value {
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "I'd like a quote").await;
    eventually("CloseBot to receive the text", || async {
        !app.closebot.events().is_empty()
    })
    .await;
    app.closebot.events()[0].state.clone()
}

#[tokio::test]
async fn a_bot_reply_goes_out_through_twilio_from_our_number_with_a_status_callback() {
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;

    let response = app.bot_reply(&json!({ "message": "Sure! What size is your team?", "state": state, "leadId": "lead_9" })).await;

    assert_eq!(response.status(), 200);
    let accepted: Value = response.json().await.unwrap();
    assert_eq!(accepted["status"], "queued");
    eventually("Twilio to receive the reply", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    let sms = &app.twilio.sent()[0];
    assert_eq!((sms.to.as_str(), sms.from.as_str()), (CUSTOMER, OUR_NUMBER));
    assert_eq!(sms.body, "Sure! What size is your team?");
    assert_eq!(
        sms.status_callback.as_deref(),
        Some(format!("{APP_URL}/api/webhooks/twilio/status").as_str())
    );

    let admin = app.admin().await;
    eventually("the message to carry Twilio's SID", || async {
        let thread = app.conversation(&admin, CUSTOMER).await;
        thread["messages"][1]["twilioSid"] == sms.sid.as_str()
    })
    .await;
    let thread = app.conversation(&admin, CUSTOMER).await;
    assert_eq!(thread["messages"][1]["source"], "bot");
    assert_eq!(
        thread["contact"]["closebotLeadId"], "lead_9",
        "the lead id is learnt from the reply"
    );
}

#[tokio::test]
async fn a_reply_without_the_right_token_gets_401_and_sends_nothing() {
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;
    let body = json!({ "message": "hello", "state": state });
    let base = app.url("/api/webhooks/closebot/response");

    for url in [
        base.clone(),
        format!("{base}?token=wrong"),
        format!("{base}?token="),
    ] {
        let response = app.client.post(&url).json(&body).send().await.unwrap();
        assert_eq!(response.status(), 401, "{url}");
    }
    app.settle().await;
    assert!(app.twilio.sent().is_empty());
}

#[tokio::test]
async fn a_reply_whose_state_is_unsigned_or_altered_is_refused_and_sends_nothing() {
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;

    let mut redirected = state.clone();
    redirected["phoneFrom"] = json!("+19005550199");
    let mut unsigned = state.clone();
    unsigned.as_object_mut().unwrap().remove("sig");
    let forged =
        json!({ "twilioNumber": OUR_NUMBER, "phoneFrom": "+19005550199", "messageSid": "SMx" });

    for bad in [redirected, unsigned, forged, json!(null)] {
        let response = app
            .bot_reply(&json!({ "message": "Send $$$ here", "state": bad }))
            .await;
        assert!(
            response.status() == 403 || response.status() == 400,
            "{}",
            response.status()
        );
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert!(body["error"]["code"].is_string(), "{status}: {body}");
    }
    app.settle().await;
    assert!(
        app.twilio.sent().is_empty(),
        "nothing may be sent on a forged state"
    );
}

#[tokio::test]
async fn an_unreadable_reply_is_kept_for_the_operator_and_answered_400() {
    let app = spawn_app().await;
    conversation_with_state(&app).await;
    let response = app
        .client
        .post(app.callback_url())
        .header("content-type", "application/json")
        .body("{\"oops\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let no_text = app
        .bot_reply(&json!({ "state": {}, "something": "else" }))
        .await;
    assert_eq!(no_text.status(), 400);
    let (kept,): (i64,) = sqlx_count(&app).await;
    assert_eq!(kept, 2, "both bodies are kept for inspection");
}

async fn sqlx_count(app: &TestApp) -> (i64,) {
    let db = app.state.config.database.clone();
    let closebot_sms::config::DatabaseLocation::Sqlite(path) = db else {
        panic!("this test reads the SQLite file")
    };
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query_as("SELECT COUNT(*) FROM webhook_rejections WHERE endpoint = 'closebot/response'")
        .fetch_one(&pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn reply_text_is_read_from_each_documented_field_and_multi_part_replies_keep_their_order() {
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;

    for body in [
        json!({ "text": "one", "state": state }),
        json!({ "body": "two", "state": state.to_string() }),
        json!({ "messages": ["three", { "message": "four" }], "state": state }),
    ] {
        assert_eq!(app.bot_reply(&body).await.status(), 200);
    }
    eventually("four texts to go out", || async {
        app.twilio.sent().len() == 4
    })
    .await;
    let bodies: Vec<String> = app.twilio.sent().into_iter().map(|s| s.body).collect();
    assert_eq!(bodies, ["one", "two", "three", "four"]);
}

#[tokio::test]
async fn the_same_reply_delivered_twice_is_sent_once() {
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;
    let reply = json!({ "message": "Only once", "state": state, "messageId": "cb_msg_1" });

    assert_eq!(app.bot_reply(&reply).await.status(), 200);
    let again: Value = app.bot_reply(&reply).await.json().await.unwrap();

    assert_eq!(again["status"], "duplicate");
    app.settle().await;
    assert_eq!(app.twilio.sent().len(), 1);
}

#[tokio::test]
async fn a_reply_for_a_route_switched_off_since_is_kept_not_sent_and_a_recreated_route_still_works()
{
    let app = spawn_app().await;
    let state = conversation_with_state(&app).await;
    let admin = app.admin().await;
    let routes: Value = admin
        .get(app.url("/api/routes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let route_id = routes["items"][0]["id"].as_str().unwrap().to_owned();
    let off = admin
        .put(app.url(&format!("/api/routes/{route_id}")))
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);

    let late = app
        .bot_reply(&json!({ "message": "Still here!", "state": state }))
        .await;
    assert_eq!(
        late.json::<Value>().await.unwrap()["status"],
        "route_inactive"
    );
    app.settle().await;
    assert!(
        app.twilio.sent().is_empty(),
        "nothing sent on a switched-off route"
    );
    let thread = app.conversation(&admin, CUSTOMER).await;
    assert_eq!(thread["messages"][1]["body"], "Still here!");
    assert_eq!(thread["messages"][1]["twilioStatus"], "canceled");

    // Deleted and added again: a new id, the same number, replies flow again.
    let deleted = admin
        .delete(app.url(&format!("/api/routes/{route_id}")))
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success());
    app.create_route(json!({})).await;
    let reply = app
        .bot_reply(&json!({ "message": "Back again", "state": state }))
        .await;
    assert_eq!(reply.json::<Value>().await.unwrap()["status"], "queued");
    eventually("Twilio to receive the reply", || async {
        app.twilio.sent().len() == 1
    })
    .await;
}
