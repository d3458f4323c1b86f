//! Sandbox mode: the app started without any provider credentials runs
//! against the simulated Twilio and CloseBot inside it, over HTTP, through
//! the real webhooks and outbox; leaving it never sends a sandbox text to a
//! real provider.

mod access;
mod flow;
mod leaving;

use serde_json::{json, Value};

use crate::support::{
    eventually, fake_closebot, fake_twilio, get_json, spawn_app_with, Setup, TestApp,
};

/// The simulated business number and the phone simulator's default customer.
pub const NUMBER: &str = "+12065550100";
pub const CUSTOMER: &str = "+12065550123";
pub const GREETING: &str = "Hi, this is Sam with Brightside Solar";

/// A fresh app with no Twilio or CloseBot credentials anywhere (the fakes
/// still listen at the configured API bases, and must hear nothing).
pub async fn spawn_without_credentials() -> TestApp {
    spawn_app_with(Setup {
        configure: Box::new(|config| {
            config.twilio_account_sid = None;
            config.twilio_auth_token = None;
            config.closebot_api_key = None;
        }),
        ..Setup::default()
    })
    .await
}

/// The customer at `from` texts the sandbox number from the phone simulator.
pub async fn text(app: &TestApp, client: &reqwest::Client, from: &str, body: &str) -> Value {
    let response = client
        .post(app.url("/api/sandbox/texts"))
        .json(&json!({ "from": from, "body": body }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        201,
        "{}",
        response.text().await.unwrap_or_default()
    );
    response.json().await.unwrap()
}

pub async fn phone(app: &TestApp, client: &reqwest::Client, number: &str) -> Value {
    let response = client
        .get(app.url("/api/sandbox/phone"))
        .query(&[("number", number)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// The texts a handset received, oldest first.
pub async fn received(app: &TestApp, client: &reqwest::Client, number: &str) -> Vec<String> {
    phone(app, client, number).await["texts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["direction"] == "received")
        .map(|t| t["body"].as_str().unwrap().to_owned())
        .collect()
}

/// Waits until the handset has received `count` texts; returns them.
pub async fn wait_for_texts(
    app: &TestApp,
    client: &reqwest::Client,
    number: &str,
    count: usize,
) -> Vec<String> {
    eventually(&format!("{number} to receive {count} texts"), || async {
        received(app, client, number).await.len() >= count
    })
    .await;
    received(app, client, number).await
}

pub async fn sandbox(app: &TestApp, client: &reqwest::Client) -> Value {
    get_json(client, &app.url("/api/sandbox")).await
}

pub async fn change(app: &TestApp, client: &reqwest::Client, body: Value) -> reqwest::Response {
    client
        .put(app.url("/api/sandbox"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The sandbox customer's thread, oldest message first.
pub async fn thread(app: &TestApp, admin: &reqwest::Client) -> Vec<Value> {
    app.conversation(admin, CUSTOMER).await["messages"]
        .as_array()
        .unwrap()
        .clone()
}

/// The owner saves real credentials in Settings (the fakes stand for the
/// real providers); the answer's status.
pub async fn save_real_credentials(app: &TestApp, admin: &reqwest::Client) -> u16 {
    let body = json!({
        "twilio": { "accountSid": fake_twilio::ACCOUNT_SID, "authToken": fake_twilio::AUTH_TOKEN },
        "closebot": { "apiKey": fake_closebot::API_KEY }
    });
    let saved = admin
        .put(app.url("/api/settings"))
        .json(&body)
        .send()
        .await
        .unwrap();
    saved.status().as_u16()
}

/// "Remove sandbox data": what the answer says was removed.
pub async fn remove_data(app: &TestApp, admin: &reqwest::Client) -> Value {
    let response = admin
        .delete(app.url("/api/sandbox/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A person replies to the sandbox customer from the dashboard.
pub async fn manual_reply(app: &TestApp, admin: &reqwest::Client, body: &str) -> reqwest::Response {
    let id = app.conversation(admin, CUSTOMER).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    admin
        .post(app.url(&format!("/api/conversations/{id}/send")))
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap()
}
