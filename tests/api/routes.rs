use serde_json::{json, Value};

use crate::support::{spawn_app, OUR_NUMBER};

#[tokio::test]
async fn routes_can_be_created_listed_read_updated_and_deleted() {
    let app = spawn_app().await;
    let admin = app.admin().await;

    let created = app
        .create_route(json!({
            "greetingMessage": "Hi from Acme!",
            "afterHoursReply": "Closed now.",
            "maxConcurrent": 10,
            "businessHours": { "timezone": "America/New_York", "mon": { "start": "09:00", "end": "17:00" }, "tue": null,
                               "exceptions": [{ "date": "2026-12-25", "closed": true }] }
        }))
        .await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["twilioNumber"], OUR_NUMBER);
    assert_eq!(created["maxConcurrent"], 10);
    assert_eq!(created["active"], true);
    assert_eq!(created["businessHours"]["mon"]["start"], "09:00");
    assert!(created["createdAt"].as_str().unwrap().ends_with('Z'));

    let list: Value = admin
        .get(app.url("/api/routes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            list["total"].as_i64(),
            list["page"].as_i64(),
            list["limit"].as_i64()
        ),
        (Some(1), Some(1), Some(50))
    );
    let read: Value = admin
        .get(app.url(&format!("/api/routes/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(read, created);

    let updated: Value = admin
        .put(app.url(&format!("/api/routes/{id}")))
        .json(&json!({ "active": false, "greetingMessage": null, "botName": "Renamed" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(updated["active"], false);
    assert_eq!(updated["greetingMessage"], Value::Null);
    assert_eq!(updated["botName"], "Renamed");
    assert_eq!(
        updated["afterHoursReply"], "Closed now.",
        "absent fields keep their value"
    );

    assert_eq!(
        admin
            .delete(app.url(&format!("/api/routes/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(
        admin
            .get(app.url(&format!("/api/routes/{id}")))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn a_number_can_be_routed_only_once() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let again = app
        .admin()
        .await
        .post(app.url("/api/routes"))
        .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": "other" }))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"]["code"],
        "number_already_routed"
    );
}

#[tokio::test]
async fn invalid_business_hours_are_explained() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    for (hours, needle) in [
        (json!({ "timezone": "Mars/Olympus" }), "time zone"),
        (
            json!({ "timezone": "UTC", "mon": { "start": "17:00", "end": "09:00" } }),
            "after the start",
        ),
        (
            json!({ "timezone": "UTC", "mon": { "start": "9am", "end": "17:00" } }),
            "HH:MM",
        ),
        (
            json!({ "timezone": "UTC", "exceptions": [{ "date": "2026-12-25" }] }),
            "closed",
        ),
    ] {
        let response = admin
            .post(app.url("/api/routes"))
            .json(&json!({ "twilioNumber": OUR_NUMBER, "closebotSourceId": "s", "businessHours": hours }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422);
        let message = response.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(needle), "{message}");
    }
}

#[tokio::test]
async fn agents_can_read_routes_but_only_admins_change_them() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    let agent = app.agent().await;

    assert_eq!(
        agent
            .get(app.url("/api/routes"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let create = agent
        .post(app.url("/api/routes"))
        .json(&json!({ "twilioNumber": "+15005550009", "closebotSourceId": "s" }))
        .send()
        .await
        .unwrap();
    assert_eq!(create.status(), 403);
    let settings = agent
        .put(app.url("/api/settings"))
        .json(&json!({ "messaging": { "helpText": "x" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), 403);
}

#[tokio::test]
async fn a_deleted_routes_conversations_are_kept_and_show_it_deleted_and_its_number_is_free_again()
{
    let app = spawn_app().await;
    let admin = app.admin().await;
    let route = app.create_route(json!({})).await;
    let id = route["id"].as_str().unwrap();
    app.text_in("+15551231001", "before the delete").await;
    crate::support::eventually("the text to be forwarded", || async {
        app.closebot.events().len() == 1
    })
    .await;

    let deleted = admin
        .delete(app.url(&format!("/api/routes/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    let again = admin
        .delete(app.url(&format!("/api/routes/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 404, "deleted once");

    let list = app.list_conversations(&admin, &[]).await;
    let row = &list["items"][0];
    assert_eq!(
        row["botName"], "Sales bot",
        "the conversation still names it"
    );
    assert_eq!(row["routeDeleted"], true);
    let thread = app.conversation(&admin, "+15551231001").await;
    assert_eq!(thread["messages"][0]["body"], "before the delete");
    assert_eq!(thread["messages"][0]["routeId"], id);

    // A text to the number now is kept, not forwarded; the number can be routed again.
    app.text_in("+15551231001", "after the delete").await;
    app.settle().await;
    assert_eq!(app.closebot.events().len(), 1);
    let routes = crate::support::get_json(&admin, &app.url("/api/routes")).await;
    assert_eq!(routes["total"], 0);
    let recreated = app.create_route(json!({})).await;
    assert_ne!(recreated["id"], route["id"]);
}
