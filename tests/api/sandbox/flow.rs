//! The real path end to end, against the simulators.

use serde_json::{json, Value};

use super::*;
use crate::support::{eventually, inbound_params, new_sid};

#[tokio::test]
async fn a_fresh_app_without_credentials_answers_a_simulated_text_through_the_real_path() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    let view = sandbox(&app, &admin).await;
    assert_eq!(view["enabled"], true, "{view}");
    assert_eq!(view["number"], NUMBER);
    assert_eq!(view["botName"], "Brightside Solar demo bot");

    let sent = text(&app, &admin, CUSTOMER, "Hi, I saw your ad").await;
    assert_eq!(sent["outcome"], "delivered to the app", "{sent}");

    let replies = wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    assert!(replies[0].starts_with(GREETING), "{replies:?}");
    // The inbound webhook carried the simulator's MessageSid; the reply went
    // out through the Twilio client and its status callbacks came back.
    eventually(
        "the reply's status callbacks to reach delivered",
        || async {
            let thread = thread(&app, &admin).await;
            thread.len() == 2 && thread[1]["twilioStatus"] == "delivered"
        },
    )
    .await;
    let thread = thread(&app, &admin).await;
    assert_eq!(thread[0]["direction"], "inbound");
    assert_eq!(thread[0]["twilioSid"], sent["sid"]);
    assert_eq!(thread[0]["forwardState"], "forwarded");
    assert_eq!(thread[1]["source"], "bot");
    assert!(thread[1]["twilioSid"].as_str().unwrap().starts_with("SM"));

    for line in [
        "Yes, I'd like to save",
        "I own my home, about $150 a month",
        "Tuesday please",
    ] {
        text(&app, &admin, CUSTOMER, line).await;
    }
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 4).await;
    assert!(replies[2].contains("around $150"), "{replies:?}");
    assert!(
        replies[3].starts_with("You're booked for Tuesday at 10:00 AM"),
        "{replies:?}"
    );
    eventually("CloseBot's booking signal to book the contact", || async {
        app.conversation(&admin, CUSTOMER).await["contact"]["status"] == "booked"
    })
    .await;

    // The providers at the configured API bases heard nothing.
    assert_eq!(app.twilio.send_attempts(), 0);
    assert_eq!(app.twilio.lookups(), 0);
    assert_eq!(app.closebot.event_attempts(), 0);
}

#[tokio::test]
async fn stop_from_the_simulator_opts_the_customer_out_and_twilio_confirms_it() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    text(&app, &admin, CUSTOMER, "hello").await;
    wait_for_texts(&app, &admin, CUSTOMER, 1).await;

    text(&app, &admin, CUSTOMER, "STOP").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 2).await;
    assert!(
        replies[1].starts_with("You have successfully been unsubscribed"),
        "{replies:?}"
    );
    assert_eq!(
        phone(&app, &admin, CUSTOMER).await["stopped"],
        json!([NUMBER])
    );
    eventually("the contact to be opted out", || async {
        app.conversation(&admin, CUSTOMER).await["contact"]["optedOut"] == true
    })
    .await;
    let manual = manual_reply(&app, &admin, "Are you sure?").await;
    assert_eq!(manual.status(), 409);

    text(&app, &admin, CUSTOMER, "START").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 3).await;
    assert!(
        replies[2].starts_with("You have successfully been re-subscribed"),
        "{replies:?}"
    );
    eventually("the contact to be opted in again", || async {
        app.conversation(&admin, CUSTOMER).await["contact"]["optedOut"] == false
    })
    .await;
    // Keywords never reach the bot: only the first text was answered by it.
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(received(&app, &admin, CUSTOMER).await.len(), 3);
}

#[tokio::test]
async fn the_failure_share_makes_the_simulated_twilio_fail_texts_with_30006() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    assert_eq!(
        change(&app, &admin, json!({ "failurePercent": 101 }))
            .await
            .status(),
        422
    );
    let changed: Value = change(&app, &admin, json!({ "failurePercent": 100 }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changed["failurePercent"], 100);

    text(&app, &admin, CUSTOMER, "hi").await;
    eventually("the bot's reply to end undelivered", || async {
        let thread = thread(&app, &admin).await;
        thread.len() == 2 && thread[1]["twilioStatus"] == "undelivered"
    })
    .await;
    let thread = thread(&app, &admin).await;
    assert_eq!(thread[1]["errorCode"], "30006");
    assert!(received(&app, &admin, CUSTOMER).await.is_empty());
}

#[tokio::test]
async fn an_after_hours_text_gets_the_after_hours_reply_and_reaches_the_bot_at_opening() {
    let app = spawn_without_credentials().await;
    let admin = app.admin().await;
    let closed: Value = change(&app, &admin, json!({ "afterHours": true }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["afterHours"], true, "{closed}");

    text(&app, &admin, CUSTOMER, "Are you open?").await;
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 1).await;
    assert!(replies[0].contains("We're closed right now"), "{replies:?}");
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(
        received(&app, &admin, CUSTOMER).await.len(),
        1,
        "held, not forwarded"
    );
    assert_eq!(thread(&app, &admin).await[0]["forwardState"], "held");

    let open: Value = change(&app, &admin, json!({ "afterHours": false }))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["afterHours"], false);
    let replies = wait_for_texts(&app, &admin, CUSTOMER, 2).await;
    assert!(replies[1].starts_with(GREETING), "{replies:?}");
}

#[tokio::test]
async fn a_webhook_not_signed_by_the_simulated_twilio_is_refused() {
    let app = spawn_without_credentials().await;
    // Signed with another account's token (the fake's), as a forger would.
    let forged = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &inbound_params(&new_sid(), CUSTOMER, NUMBER, "let me in"),
        )
        .await;
    assert_eq!(forged.status(), 403);
    let admin = app.admin().await;
    assert_eq!(sandbox(&app, &admin).await["data"]["messages"], 0);
}
