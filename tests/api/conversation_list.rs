use serde_json::{json, Value};

use crate::support::{inbound_params, new_sid, phones, spawn_app};

#[tokio::test]
async fn the_list_is_newest_first_paginated_and_filtered_by_bot_route_and_date() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let sales = app.create_route(json!({})).await;
    let support = app.create_route(json!({ "twilioNumber": "+15005550007", "closebotBotId": "bot_2", "botName": "Support" })).await;
    for (from, to) in [
        ("+15551231201", "+15005550006"),
        ("+15551231202", "+15005550007"),
        ("+15551231203", "+15005550006"),
    ] {
        let response = app
            .post_twilio(
                "/api/webhooks/twilio/inbound",
                &inbound_params(&new_sid(), from, to, "hello"),
            )
            .await;
        assert_eq!(response.status(), 200);
    }

    let all = app.list_conversations(&admin, &[]).await;
    assert_eq!(
        phones(&all),
        ["+15551231203", "+15551231202", "+15551231201"],
        "latest message first"
    );
    assert_eq!(
        (
            all["total"].as_i64(),
            all["page"].as_i64(),
            all["limit"].as_i64()
        ),
        (Some(3), Some(1), Some(50))
    );
    assert_eq!(all["items"][0]["botName"], "Sales bot");
    assert_eq!(all["items"][0]["mode"], "bot");
    assert_eq!(all["items"][0]["unreadCount"], 1);

    let second_page = app
        .list_conversations(&admin, &[("limit", "2"), ("page", "2")])
        .await;
    assert_eq!(phones(&second_page), ["+15551231201"]);
    assert_eq!(second_page["total"], 3);

    let by_bot = app.list_conversations(&admin, &[("bot", "bot_2")]).await;
    assert_eq!(phones(&by_bot), ["+15551231202"]);
    let by_route = app
        .list_conversations(&admin, &[("bot", sales["id"].as_str().unwrap())])
        .await;
    assert_eq!(phones(&by_route), ["+15551231203", "+15551231201"]);
    let unknown_bot = app.list_conversations(&admin, &[("bot", "nobody")]).await;
    assert_eq!(unknown_bot["total"], 0);
    let _ = support;

    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    assert_eq!(
        app.list_conversations(&admin, &[("dateFrom", &today), ("dateTo", &today)])
            .await["total"],
        3
    );
    assert_eq!(
        app.list_conversations(&admin, &[("dateTo", "2020-01-01")])
            .await["total"],
        0
    );
    assert_eq!(
        app.list_conversations(&admin, &[("status", "new")]).await["total"],
        3
    );
    assert_eq!(
        app.list_conversations(&admin, &[("status", "booked")])
            .await["total"],
        0
    );
    let combined = app
        .list_conversations(
            &admin,
            &[("status", "new"), ("bot", "bot_1"), ("search", "1203")],
        )
        .await;
    assert_eq!(phones(&combined), ["+15551231203"]);
}

#[tokio::test]
async fn opening_a_conversation_marks_it_read_for_everyone() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in("+15551231301", "one").await;
    app.text_in("+15551231301", "two").await;
    let admin = app.admin().await;
    let row = app.list_conversations(&admin, &[]).await["items"][0].clone();
    assert_eq!(row["unreadCount"], 2);

    let read = admin
        .post(app.url(&format!(
            "/api/conversations/{}/read",
            row["contactId"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 204);
    assert_eq!(
        app.list_conversations(&admin, &[]).await["items"][0]["unreadCount"],
        0
    );
    let events: Value = admin
        .get(app.url("/api/events?type=conversation_read"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(events.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_thread_pages_back_with_before() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    for i in 0..5 {
        app.text_in("+15551231401", &format!("text {i}")).await;
    }
    let admin = app.admin().await;
    let id = app.list_conversations(&admin, &[]).await["items"][0]["contactId"]
        .as_str()
        .unwrap()
        .to_owned();
    let latest: Value = admin
        .get(app.url(&format!("/api/conversations/{id}?limit=2")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bodies = |t: &Value| {
        t["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["body"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        bodies(&latest),
        ["text 3", "text 4"],
        "oldest first within the page"
    );
    assert_eq!(latest["hasMore"], true);
    let before = latest["messages"][0]["id"].as_str().unwrap();
    let older: Value = admin
        .get(app.url(&format!("/api/conversations/{id}?limit=10&before={before}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(bodies(&older), ["text 0", "text 1", "text 2"]);
    assert_eq!(older["hasMore"], false);
}
