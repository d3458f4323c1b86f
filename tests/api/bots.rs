//! The Bots page's API: each bot with its routes and figures (ours, and
//! bookings from CloseBot per source), switching a bot's routes off and on,
//! creating a bot with AI, and what is left when CloseBot is away.

use serde_json::{json, Value};

use crate::support::{eventually, get_json, spawn_app, spawn_app_with, FakeCloseBot, Setup};

#[tokio::test]
async fn a_bot_shows_its_routes_messages_series_and_conversion() {
    let app = spawn_app().await;
    app.closebot.set_bookings(1);
    app.create_route(json!({})).await;
    for phone in ["+15551250001", "+15551250002"] {
        app.text_in(phone, "hi").await;
    }
    eventually("the forwards", || async {
        app.closebot.events().len() == 2
    })
    .await;
    app.settle().await;
    let bots = get_json(
        &app.admin().await,
        &app.url("/api/bots?timezone=America/New_York"),
    )
    .await;
    let sales = &bots["items"][0];
    assert_eq!(sales["active"], true);
    let figures = &sales["figures"];
    assert_eq!(figures["conversations"], 2);
    assert_eq!(figures["messages"], 2);
    assert!(figures["lastActive"].as_str().unwrap().ends_with('Z'));
    let days = figures["lastSevenDays"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[6]["inbound"], 2, "today, in the business's zone");
    assert_eq!(figures["bookingsThisMonth"], 1);
    assert_eq!(figures["conversationsThisMonth"], 2);
    assert_eq!(figures["conversion"], 0.5);
    assert!(figures["bookingsSource"]
        .as_str()
        .unwrap()
        .contains("per source"));
    assert!(app
        .closebot
        .summary_sources()
        .contains(&Some("src_sales".to_owned())));
    let support = &bots["items"][1];
    assert_eq!(
        (
            support["active"].as_bool(),
            support["figures"]["messages"].as_i64()
        ),
        (Some(false), Some(0))
    );
}

#[tokio::test]
async fn switching_a_bot_off_pauses_its_routes_until_it_is_switched_on() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let off = admin
        .put(app.url("/api/bots/bot_1/active"))
        .json(&json!({ "active": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(off.status(), 200);
    assert_eq!(off.json::<Value>().await.unwrap()["routes"], 1);
    app.text_in("+15551250003", "anyone there?").await;
    app.settle().await;
    assert!(
        app.closebot.events().is_empty(),
        "a paused bot gets nothing"
    );
    let on = admin
        .put(app.url("/api/bots/bot_1/active"))
        .json(&json!({ "active": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(on.status(), 200);
    assert_eq!(
        get_json(&admin, &app.url("/api/routes")).await["items"][0]["active"],
        true
    );
    let unknown = admin
        .put(app.url("/api/bots/bot_9/active"))
        .json(&json!({ "active": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn a_bot_created_with_ai_is_listed_at_once() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let created = admin
        .post(app.url("/api/bots"))
        .json(&json!({ "name": "Roofing bot", "description": "Books free roof inspections; friendly, short answers." }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["name"], "Roofing bot");
    assert_eq!(app.closebot.created_bots()[0].0, "Roofing bot");
    let bots = get_json(&admin, &app.url("/api/bots")).await;
    assert!(bots["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["id"] == created["id"]));
    let short = admin
        .post(app.url("/api/bots"))
        .json(&json!({ "name": "x", "description": "too short" }))
        .send()
        .await
        .unwrap();
    assert_eq!(short.status(), 422);
}

#[tokio::test]
async fn with_closebot_away_bots_keep_their_own_figures() {
    let (closebot, _port) = FakeCloseBot::reserve();
    let app = spawn_app_with(Setup {
        closebot: Some(closebot),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.text_in("+15551250004", "hello").await;
    let bots = get_json(&app.admin().await, &app.url("/api/bots")).await;
    assert!(bots["error"].as_str().unwrap().contains("CloseBot"));
    let known = &bots["items"][0];
    assert_eq!(known["onlyInRoutes"], true);
    assert_eq!(known["figures"]["messages"], 1);
    assert_eq!(known["figures"]["bookingsThisMonth"], Value::Null);
    assert!(known["figures"]["bookingsSource"]
        .as_str()
        .unwrap()
        .contains("unreachable"));
}
