//! Request ids: every answer names its request's id, and one text's id
//! follows it through the forward to CloseBot, the bot's reply and the send
//! to Twilio in the JSON logs (the real binary with `LOG_FORMAT=json`).

use serde_json::{json, Value};

use crate::support::fake_server::Port;
use crate::support::fake_twilio;
use crate::support::process::{app_env, AppProcess};
use crate::support::{
    eventually, inbound_params, new_sid, spawn_app, FakeCloseBot, FakeTwilio, ADMIN_EMAIL,
    ADMIN_PASSWORD, APP_URL, OUR_NUMBER, SOURCE_ID,
};

const CUSTOMER: &str = "+15551239101";

#[tokio::test]
async fn a_sane_request_id_is_kept_and_anything_else_replaced() {
    let app = spawn_app().await;
    let health = |id: Option<&'static str>| {
        let mut request = app.client.get(app.url("/api/health"));
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        request.send()
    };

    let kept = health(Some("lb-7f3a.42")).await.unwrap();
    let forged = health(Some("a\" level=error msg=forged")).await.unwrap();
    let (first, second) = (health(None).await.unwrap(), health(None).await.unwrap());

    assert_eq!(kept.headers()["x-request-id"], "lb-7f3a.42");
    let fresh = |r: &reqwest::Response| r.headers()["x-request-id"].to_str().unwrap().to_owned();
    for id in [fresh(&forged), fresh(&first), fresh(&second)] {
        assert_eq!(id.len(), 32, "{id}");
        assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{id}");
    }
    assert_ne!(fresh(&first), fresh(&second));
}

/// The log lines (JSON objects) whose message is `message`.
fn lines_saying<'a>(log: &'a [Value], message: &str) -> Vec<&'a Value> {
    log.iter()
        .filter(|line| line["message"] == message)
        .collect()
}

/// The `request_id` of the innermost span a log line was written in.
fn request_id_of(line: &Value) -> Option<&str> {
    line["span"]["request_id"].as_str()
}

fn read_log(dir: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(dir.join("app.log"))
        .unwrap_or_default()
        .lines()
        .map(|line| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"))
        })
        .collect()
}

#[tokio::test]
async fn one_texts_request_id_follows_it_to_closebot_back_and_out_to_twilio_in_json_logs() {
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    let dir = tempfile::tempdir().unwrap();
    let env = app_env(APP_URL, &dir.path().join("app.db"), &twilio, &closebot);
    let app = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let admin = crate::support::client();
    let login = admin
        .post(format!("{}/api/auth/login", app.address))
        .json(&json!({ "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 200);
    let route = admin
        .post(format!("{}/api/routes", app.address))
        .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": SOURCE_ID }))
        .send()
        .await
        .unwrap();
    assert_eq!(route.status(), 201);
    let settings: Value = admin
        .get(format!("{}/api/settings", app.address))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let callback = settings["webhookUrls"]["response"]
        .as_str()
        .unwrap()
        .replace(APP_URL, &app.address);
    closebot.auto_reply_to(&callback);

    let path = "/api/webhooks/twilio/inbound";
    let params = inbound_params(&new_sid(), CUSTOMER, OUR_NUMBER, "Do you deliver?");
    let signature = closebot_sms::security::twilio_signature::compute(
        fake_twilio::AUTH_TOKEN,
        &format!("{APP_URL}{path}"),
        &params,
    );
    let inbound = reqwest::Client::new()
        .post(format!("{}{path}", app.address))
        .header("X-Twilio-Signature", signature)
        .form(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(inbound.status(), 200);
    let id = inbound.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    eventually("the bot's reply to reach Twilio", || async {
        twilio.sent().len() == 1
    })
    .await;
    assert_eq!(closebot.events()[0].state["requestId"], id.as_str());

    let mut log = Vec::new();
    eventually("the send to be logged", || {
        log = read_log(dir.path());
        let sent = !lines_saying(&log, "handed the text to Twilio").is_empty();
        async move { sent }
    })
    .await;
    for (message, what) in [
        ("stored an inbound text", "the inbound webhook"),
        ("handed the text to CloseBot", "the forward"),
        ("recorded a bot reply", "the bot reply's handling"),
        ("handed the text to Twilio", "the send"),
    ] {
        let lines = lines_saying(&log, message);
        assert_eq!(lines.len(), 1, "{what}: {lines:?}");
        assert_eq!(
            request_id_of(lines[0]),
            Some(id.as_str()),
            "{what}: {}",
            lines[0]
        );
    }
    let forward = lines_saying(&log, "handed the text to CloseBot")[0];
    assert_eq!(forward["span"]["name"], "job");
    assert_eq!(forward["span"]["kind"], "forward_to_bot");
    let reply = lines_saying(&log, "recorded a bot reply")[0];
    let callback_request = reply["spans"][0]["request_id"].as_str().unwrap();
    assert_ne!(
        callback_request, id,
        "the callback has its own request id too"
    );
    assert!(
        log.iter().all(|line| !line.to_string().contains("token=")),
        "no log line shows the callback's token"
    );
}
