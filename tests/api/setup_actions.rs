//! The explicit actions that set things up at the providers: connecting a
//! Twilio number, listing bots and sources, creating a CloseBot source for a
//! route, rotating the callback token (re-pointing the sources we created),
//! and what the test connection says in words.

use serde_json::{json, Value};

use crate::support::fake_twilio::NUMBER_SID;
use crate::support::{
    eventually, get_json, spawn_app, spawn_app_with, FakeCloseBot, FakeTwilio, Setup, APP_URL,
    OUR_NUMBER,
};

#[tokio::test]
async fn a_number_pointing_elsewhere_is_shown_so_and_connect_points_it_here() {
    let app = spawn_app().await;
    app.twilio.set_number_sms_url("https://old.example.com/sms");
    app.create_route(json!({})).await;
    let admin = app.admin().await;

    let numbers = get_json(&admin, &app.url("/api/twilio/numbers")).await;
    let number = &numbers["items"][0];
    assert_eq!(number["phoneNumber"], OUR_NUMBER);
    assert_eq!(number["smsUrl"], "https://old.example.com/sms");
    assert_eq!(number["pointsHere"], false);
    assert_eq!(number["route"]["botName"], "Sales bot");
    assert_eq!(
        numbers["inboundUrl"],
        format!("{APP_URL}/api/webhooks/twilio/inbound")
    );

    let connected = admin
        .post(app.url(&format!("/api/twilio/numbers/{NUMBER_SID}/connect")))
        .send()
        .await
        .unwrap();
    assert_eq!(connected.status(), 200);
    let connected: Value = connected.json().await.unwrap();
    assert_eq!(connected["pointsHere"], true);
    assert_eq!(
        app.twilio.sms_url_updates(),
        [format!("{APP_URL}/api/webhooks/twilio/inbound")]
    );
    // The cached list follows without asking Twilio again.
    let cached = get_json(&admin, &app.url("/api/twilio/numbers")).await;
    assert_eq!(cached["items"][0]["pointsHere"], true);

    let bad = admin
        .post(app.url("/api/twilio/numbers/not-a-sid/connect"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 404);
}

#[tokio::test]
async fn the_numbers_list_keeps_the_cached_copy_and_says_why_when_twilio_is_away() {
    let (twilio, _port) = FakeTwilio::reserve();
    let app = spawn_app_with(Setup {
        twilio: Some(twilio),
        ..Setup::default()
    })
    .await;
    let admin = app.admin().await;
    let numbers = get_json(&admin, &app.url("/api/twilio/numbers?refresh=true")).await;
    assert_eq!(numbers["items"], json!([]));
    assert!(
        numbers["error"]
            .as_str()
            .unwrap()
            .contains("Twilio could not be reached"),
        "{numbers}"
    );
}

#[tokio::test]
async fn bots_are_listed_with_the_routes_that_use_them() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let bots = get_json(&admin, &app.url("/api/bots")).await;
    assert_eq!(bots["error"], Value::Null);
    let sales = &bots["items"][0];
    assert_eq!(sales["name"], "Sales bot");
    assert_eq!(sales["sources"][0]["id"], "src_sales");
    assert_eq!(sales["routes"][0]["twilioNumber"], OUR_NUMBER);
    assert_eq!(bots["items"][1]["routes"], json!([]));
}

#[tokio::test]
async fn with_closebot_away_the_bots_our_routes_name_are_still_listed() {
    let (closebot, _port) = FakeCloseBot::reserve();
    let app = spawn_app_with(Setup {
        closebot: Some(closebot),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    let bots = get_json(&app.admin().await, &app.url("/api/bots")).await;
    assert!(bots["error"].as_str().unwrap().contains("CloseBot"));
    assert_eq!(bots["items"][0]["id"], "bot_1");
    assert_eq!(bots["items"][0]["onlyInRoutes"], true);
}

#[tokio::test]
async fn a_closebot_source_created_for_a_route_points_here_and_has_the_bot_attached() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(app.url("/api/closebot/sources"))
        .json(&json!({ "name": "SMS +1 500 555 0006", "botId": "bot_1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["attached"], true);
    let source_id = created["sourceId"].as_str().unwrap().to_owned();
    let (name, callback) = app.closebot.created_sources()[0].clone();
    assert_eq!(name, "SMS +1 500 555 0006");
    assert_eq!(callback, app.state.response_webhook_url());
    assert_eq!(
        app.closebot.attaches(),
        [("bot_1".to_owned(), source_id.clone())]
    );

    let sources = get_json(&admin, &app.url("/api/closebot/sources")).await;
    let items = sources["items"].as_array().unwrap();
    let ours = items
        .iter()
        .find(|s| s["sourceId"] == source_id.as_str())
        .unwrap();
    assert_eq!(
        (ours["pointsHere"].as_bool(), ours["createdHere"].as_bool()),
        (Some(true), Some(true))
    );
    let theirs = items.iter().find(|s| s["sourceId"] == "src_sales").unwrap();
    assert_eq!(theirs["pointsHere"], false);

    // An attach CloseBot refuses is reported; the source exists all the same.
    let half: Value = admin
        .post(app.url("/api/closebot/sources"))
        .json(&json!({ "name": "Second", "botId": "bot_missing" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(half["attached"], false);
    assert!(half["attachError"]
        .as_str()
        .unwrap()
        .contains("CloseBot refused"));
    let empty = admin
        .post(app.url("/api/closebot/sources"))
        .json(&json!({ "name": "  " }))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), 422);
}

#[tokio::test]
async fn rotating_the_token_repoints_our_sources_and_the_old_url_works_for_a_day() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    admin
        .post(app.url("/api/closebot/sources"))
        .json(&json!({ "name": "Ours", "botId": "bot_1" }))
        .send()
        .await
        .unwrap();
    let old_url = app.callback_url();

    let rotated: Value = admin
        .post(app.url("/api/settings/rotate-token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rotated["sourcesRepointed"], 1);
    let new_url = rotated["responseUrl"].as_str().unwrap().to_owned();
    assert_ne!(new_url, app.state.response_webhook_url().replace("x", "y"));
    assert_eq!(new_url, app.state.response_webhook_url());
    eventually("the source to be re-pointed", || async {
        app.closebot.callback_updates().len() == 1
    })
    .await;
    assert_eq!(
        app.closebot.callback_updates()[0],
        ("src_new_0".to_owned(), new_url.clone())
    );
    assert_eq!(
        get_json(&admin, &app.url("/api/settings")).await["webhookUrls"]["response"],
        new_url.as_str()
    );

    // The previous token still passes the token check (the body is what fails).
    let old = app
        .client
        .post(&old_url)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 400, "the old token is still accepted");
    let wrong = app
        .client
        .post(old_url.replace("token=", "token=x"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
}

#[tokio::test]
async fn a_wrong_twilio_token_is_explained_in_words() {
    let app = spawn_app_with(Setup {
        configure: Box::new(|config| {
            config.twilio_auth_token = Some("wrong-token".to_owned().into());
        }),
        ..Setup::default()
    })
    .await;
    let check: Value = app
        .admin()
        .await
        .post(app.url("/api/settings/test-connection"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(check["twilio"]["ok"], false);
    assert_eq!(
        check["twilio"]["message"],
        "Authentication failed — check the Account SID and auth token (error 20003)"
    );
    assert_eq!(check["closebot"]["ok"], true);
}
