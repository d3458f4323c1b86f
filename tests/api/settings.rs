use serde_json::{json, Value};

use crate::support::{
    eventually, fake_closebot, fake_twilio, spawn_app, spawn_app_with, Setup, APP_URL,
};

#[tokio::test]
async fn settings_show_webhook_urls_and_which_credentials_are_set_but_never_their_values() {
    let app = spawn_app().await;
    let response = app
        .admin()
        .await
        .get(app.url("/api/settings"))
        .send()
        .await
        .unwrap();
    let text = response.text().await.unwrap();
    let settings: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(
        settings["webhookUrls"]["inbound"],
        format!("{APP_URL}/api/webhooks/twilio/inbound")
    );
    assert_eq!(
        settings["webhookUrls"]["status"],
        format!("{APP_URL}/api/webhooks/twilio/status")
    );
    let response_url = settings["webhookUrls"]["response"].as_str().unwrap();
    assert!(response_url.starts_with(&format!("{APP_URL}/api/webhooks/closebot/response?token=")));
    assert!(
        response_url.len() > APP_URL.len() + 50,
        "the token is long and random"
    );
    assert_eq!(settings["twilio"]["accountSid"], fake_twilio::ACCOUNT_SID);
    assert_eq!(settings["twilio"]["authTokenSet"], true);
    assert_eq!(settings["twilio"]["fromEnvironment"], true);
    assert_eq!(settings["closebot"]["apiKeySet"], true);
    assert!(
        !text.contains(fake_twilio::AUTH_TOKEN) && !text.contains(fake_closebot::API_KEY),
        "{text}"
    );
}

#[tokio::test]
async fn credentials_from_the_environment_cannot_be_overwritten() {
    let app = spawn_app().await;
    let response = app
        .admin()
        .await
        .put(app.url("/api/settings"))
        .json(&json!({ "twilio": { "authToken": "another" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    assert_eq!(
        response.json::<Value>().await.unwrap()["error"]["code"],
        "managed_by_environment"
    );
}

#[tokio::test]
async fn credentials_saved_from_settings_are_encrypted_at_rest_and_used_at_once() {
    let app = spawn_app_with(Setup {
        configure: Box::new(|config| {
            config.twilio_account_sid = None;
            config.twilio_auth_token = None;
            config.closebot_api_key = None;
        }),
        ..Setup::default()
    })
    .await;
    let admin = app.admin().await;
    app.create_route(json!({})).await;
    // Twilio webhooks cannot be verified yet, so they are refused.
    let early = app
        .post_twilio(
            "/api/webhooks/twilio/inbound",
            &crate::support::inbound_params(
                &crate::support::new_sid(),
                "+15551231000",
                crate::support::OUR_NUMBER,
                "hi",
            ),
        )
        .await;
    assert_eq!(early.status(), 403);

    let saved = admin
        .put(app.url("/api/settings"))
        .json(&json!({
            "twilio": { "accountSid": fake_twilio::ACCOUNT_SID, "authToken": fake_twilio::AUTH_TOKEN },
            "closebot": { "apiKey": fake_closebot::API_KEY }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let view: Value = saved.json().await.unwrap();
    assert_eq!(
        (
            view["twilio"]["authTokenSet"].as_bool(),
            view["twilio"]["fromEnvironment"].as_bool()
        ),
        (Some(true), Some(false))
    );

    app.text_in("+15551231000", "now it works").await;
    eventually("the text to reach CloseBot with the saved key", || async {
        app.closebot.events().len() == 1
    })
    .await;

    let closebot_sms::config::DatabaseLocation::Sqlite(path) = app.state.config.database.clone()
    else {
        panic!("this test reads the SQLite file")
    };
    let raw = std::fs::read(&path).unwrap();
    let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
    for secret in [fake_twilio::AUTH_TOKEN, fake_closebot::API_KEY] {
        let found = |bytes: &[u8]| bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(
            !found(&raw) && !found(&wal),
            "{secret} is stored in plain text"
        );
    }

    let check: Value = admin
        .post(app.url("/api/settings/test-connection"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(check["twilio"]["ok"], true, "{check}");
    assert_eq!(check["closebot"]["ok"], true, "{check}");
}

#[tokio::test]
async fn invalid_settings_are_refused() {
    let app = spawn_app_with(Setup {
        configure: Box::new(|config| {
            config.twilio_account_sid = None;
            config.twilio_auth_token = None;
        }),
        ..Setup::default()
    })
    .await;
    let admin = app.admin().await;
    for body in [
        json!({ "twilio": { "accountSid": "not-a-sid" } }),
        json!({ "twilio": { "authToken": "  " } }),
        json!({ "messaging": { "helpText": "x".repeat(1700) } }),
        json!({ "unknown": true }),
    ] {
        let response = admin
            .put(app.url("/api/settings"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{body}");
    }
}
