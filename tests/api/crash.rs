//! The binary killed with SIGKILL while work is queued, then restarted on
//! the same database: nothing lost, nothing sent twice.

use serde_json::{json, Value};

use crate::support::fake_closebot::Reply as BotReply;
use crate::support::fake_server::Port;
use crate::support::fake_twilio::{self, Reply as SmsReply};
use crate::support::process::{app_env, AppProcess};
use crate::support::{
    eventually, get_json, inbound_params, new_sid, FakeCloseBot, FakeTwilio, ADMIN_EMAIL,
    ADMIN_PASSWORD, APP_URL, OUR_NUMBER, SOURCE_ID,
};

const CUSTOMER: &str = "+15551230801";

fn env(
    dir: &std::path::Path,
    twilio: &FakeTwilio,
    closebot: &FakeCloseBot,
) -> Vec<(&'static str, String)> {
    app_env(APP_URL, &dir.join("app.db"), twilio, closebot)
}

async fn admin(address: &str) -> reqwest::Client {
    let client = crate::support::client();
    crate::support::process::sign_in(&client, address, (ADMIN_EMAIL, ADMIN_PASSWORD)).await;
    client
}

async fn text_in(address: &str, from: &str, body: &str) {
    let path = "/api/webhooks/twilio/inbound";
    let params = inbound_params(&new_sid(), from, OUR_NUMBER, body);
    let signature = closebot_sms::security::twilio_signature::compute(
        fake_twilio::AUTH_TOKEN,
        &format!("{APP_URL}{path}"),
        &params,
    );
    let response = reqwest::Client::new()
        .post(format!("{address}{path}"))
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
}

async fn start_with_route(
    dir: &std::path::Path,
    port: u16,
    twilio: &FakeTwilio,
    closebot: &FakeCloseBot,
) -> (AppProcess, reqwest::Client) {
    let app = AppProcess::start(dir, port, &env(dir, twilio, closebot)).await;
    let admin = admin(&app.address).await;
    let route = admin
        .post(format!("{}/api/routes", app.address))
        .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": SOURCE_ID }))
        .send()
        .await
        .unwrap();
    assert_eq!(route.status(), 201);
    (app, admin)
}

#[tokio::test]
async fn killing_the_app_with_forwards_queued_loses_nothing_and_sends_nothing_twice() {
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    closebot.set_default(BotReply::Status(503));
    let dir = tempfile::tempdir().unwrap();
    let port = Port::reserve().0;
    let (mut app, _) = start_with_route(dir.path(), port, &twilio, &closebot).await;

    for body in ["first", "second", "third"] {
        text_in(&app.address, CUSTOMER, body).await;
    }
    eventually("a first failed attempt", || async {
        closebot.event_attempts() >= 1
    })
    .await;
    app.kill_9();
    closebot.set_default(BotReply::Accept);

    let restarted = AppProcess::start(dir.path(), port, &env(dir.path(), &twilio, &closebot)).await;
    eventually("the three texts to reach CloseBot", || async {
        closebot.events().len() >= 3
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let messages: Vec<String> = closebot.events().into_iter().map(|e| e.message).collect();
    assert_eq!(messages, ["first", "second", "third"]);
    drop(restarted);
}

#[tokio::test]
async fn a_send_cut_off_by_a_crash_is_reconciled_with_twilio_not_sent_again() {
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    twilio.script([SmsReply::AcceptThenHang]);
    let dir = tempfile::tempdir().unwrap();
    let port = Port::reserve().0;
    let (mut app, admin) = start_with_route(dir.path(), port, &twilio, &closebot).await;

    text_in(&app.address, CUSTOMER, "hello").await;
    eventually("CloseBot to receive the text", || async {
        closebot.events().len() == 1
    })
    .await;
    let settings: Value = get_json(&admin, &format!("{}/api/settings", app.address)).await;
    let callback = settings["webhookUrls"]["response"]
        .as_str()
        .unwrap()
        .replace(APP_URL, &app.address);
    let reply = json!({ "message": "Exactly once", "state": closebot.events()[0].state });
    assert_eq!(
        reqwest::Client::new()
            .post(&callback)
            .json(&reply)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    eventually("Twilio to accept the message (and hang)", || async {
        twilio.sent().len() == 1
    })
    .await;

    app.kill_9();
    let restarted = AppProcess::start(dir.path(), port, &env(dir.path(), &twilio, &closebot)).await;

    let admin = self::admin(&restarted.address).await;
    eventually("the message to be matched with Twilio's", || async {
        let list: Value =
            get_json(&admin, &format!("{}/api/conversations", restarted.address)).await;
        let id = list["items"][0]["contactId"].as_str().unwrap().to_owned();
        let thread: Value = get_json(
            &admin,
            &format!("{}/api/conversations/{id}", restarted.address),
        )
        .await;
        thread["messages"][1]["twilioSid"] == twilio.sent()[0].sid.as_str()
    })
    .await;
    assert_eq!(twilio.send_attempts(), 1, "Twilio was asked to send once");
    assert!(twilio.violations().is_empty() && closebot.violations().is_empty());
}
