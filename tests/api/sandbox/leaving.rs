//! Leaving sandbox mode: its waiting work ends without ever reaching a real
//! provider, and "Remove sandbox data" leaves nothing of it behind.

use std::time::Duration;

use serde_json::{json, Value};

use super::*;
use crate::support::{get_json, OUR_NUMBER};

#[tokio::test]
async fn real_credentials_end_sandbox_mode_without_any_sandbox_text_reaching_the_real_providers() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    text(&app, &admin, CUSTOMER, "hi").await;
    wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    // After hours, a text waits for opening: sandbox work still pending.
    change(&app, &admin, json!({ "afterHours": true })).await;
    text(&app, &admin, CUSTOMER, "still there?").await;
    wait_for_texts(&app, &admin, CUSTOMER, 2).await;
    assert!(
        sandbox(&app, &admin).await["data"]["jobs"]
            .as_i64()
            .unwrap()
            >= 1
    );

    // The owner saves real credentials.
    assert_eq!(save_real_credentials(&app, &admin).await, 200);
    let view = sandbox(&app, &admin).await;
    assert_eq!(
        (view["enabled"].as_bool(), view["data"]["jobs"].as_i64()),
        (Some(false), Some(0)),
        "{view}"
    );

    // A person replying to the sandbox customer now: kept, never sent.
    let manual = manual_reply(&app, &admin, "Sorry for the wait!").await;
    assert!(manual.status().is_success(), "{}", manual.status());
    crate::support::eventually("the manual reply to be canceled", || async {
        let messages = thread(&app, &admin).await;
        let last = messages.last().unwrap();
        last["source"] == "manual" && last["twilioStatus"] == "canceled"
    })
    .await;
    let messages = thread(&app, &admin).await;
    assert!(messages.last().unwrap()["errorMessage"]
        .as_str()
        .unwrap()
        .contains("sandbox mode ended"));
    assert_eq!(
        messages[2]["forwardState"], "held",
        "the held text was never forwarded"
    );

    // The real providers work, and never heard of the sandbox.
    app.create_route(json!({})).await;
    app.text_in("+15551230001", "a real customer").await;
    crate::support::eventually("the real text to reach CloseBot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(app.closebot.event_attempts(), 1);
    assert!(
        app.twilio
            .sent()
            .iter()
            .all(|sms| !sms.to.starts_with("+1206555")),
        "{:?}",
        app.twilio.sent()
    );
    assert_eq!(app.twilio.send_attempts(), 0);

    // Removing the sandbox's data leaves only the real conversation.
    let removed = remove_data(&app, &admin).await;
    assert_eq!(removed["removed"]["routes"], 1, "{removed}");
    assert_eq!(removed["removed"]["contacts"], 1);
    assert!(removed["removed"]["messages"].as_i64().unwrap() >= 5);
    let list = app.list_conversations(&admin, &[]).await;
    assert_eq!(crate::support::phones(&list), vec!["+15551230001"]);
    let routes: Value = get_json(&admin, &app.url("/api/routes")).await;
    assert_eq!(routes["total"], 1);
    assert_eq!(routes["items"][0]["twilioNumber"], OUR_NUMBER);
    let data = sandbox(&app, &admin).await["data"].clone();
    assert_eq!(
        data,
        json!({ "routes": 0, "contacts": 0, "messages": 0, "jobs": 0 })
    );
    let stats: Value = get_json(&admin, &app.url("/api/dashboard/stats")).await;
    assert_eq!(
        stats["responseRate"]["inbound"], 1,
        "only the real text counts: {stats}"
    );
}

#[tokio::test]
async fn switching_sandbox_off_drops_a_bot_reply_still_on_its_way() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    text(&app, &admin, CUSTOMER, "hi").await;
    // The demo bot takes a moment to type: leave while it does.
    crate::support::eventually("the text to reach the simulated CloseBot", || async {
        thread(&app, &admin).await[0]["forwardState"] == "forwarded"
    })
    .await;
    let off: Value = change(&app, &admin, json!({ "enabled": false }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(off["enabled"], false);

    crate::support::eventually("the late reply to be kept unsent", || async {
        let messages = thread(&app, &admin).await;
        messages.len() == 2 && messages[1]["twilioStatus"] == "canceled"
    })
    .await;
    assert_eq!(app.twilio.send_attempts(), 0);
    // The phone simulator is off with it.
    let refused = admin
        .post(app.url("/api/sandbox/texts"))
        .json(&json!({ "body": "hello?" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 409);

    // On again: the same sandbox, working.
    let on: Value = change(&app, &admin, json!({ "enabled": true }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(on["enabled"], true);
    text(&app, &admin, CUSTOMER, "back again").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    // The canceled greeting never reached the phone; the bot carried on.
    assert_eq!(replies.len(), 1);
    assert!(!replies[0].starts_with(GREETING), "{replies:?}");
}

#[tokio::test]
async fn removing_sandbox_data_while_it_is_on_starts_it_afresh() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    text(&app, &admin, CUSTOMER, "hi").await;
    wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    let before = sandbox(&app, &admin).await;

    let removed = remove_data(&app, &admin).await;
    assert_eq!(removed["removed"]["contacts"], 1, "{removed}");
    let after = sandbox(&app, &admin).await;
    assert_eq!(after["enabled"], true);
    assert_ne!(after["routeId"], before["routeId"], "a fresh sandbox route");
    assert_eq!(after["handsets"], json!([]));
    assert_eq!(app.list_conversations(&admin, &[]).await["total"], 0);

    text(&app, &admin, CUSTOMER, "hello again").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    assert!(
        replies[0].starts_with(GREETING),
        "the demo bot starts over: {replies:?}"
    );
}

#[tokio::test]
async fn a_route_prepared_for_a_real_number_during_sandbox_mode_stays_real() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    app.create_route(json!({})).await;
    let routes: Value = get_json(&admin, &app.url("/api/routes")).await;
    let sandbox_of = |number: &str| {
        routes["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["twilioNumber"] == number)
            .unwrap()["sandbox"]
            .clone()
    };
    assert_eq!(
        (sandbox_of(NUMBER), sandbox_of(OUR_NUMBER)),
        (json!(true), json!(false))
    );

    assert_eq!(save_real_credentials(&app, &admin).await, 200);
    app.text_in("+15551230002", "hello").await;
    crate::support::eventually("the real text to reach CloseBot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let removed = remove_data(&app, &admin).await;
    assert_eq!(
        removed["removed"]["routes"], 1,
        "only the demo route goes: {removed}"
    );
    assert_eq!(app.list_conversations(&admin, &[]).await["total"], 1);
}
