//! The contacts list, one contact with CloseBot's fields, edits, deletes
//! (admins only) and the CSV export (every match, formulas neutralised).

use serde_json::{json, Value};

use crate::support::{get_json, spawn_app, TestApp};

async fn with_contacts(app: &TestApp) -> reqwest::Client {
    app.create_route(json!({})).await;
    for (phone, body) in [
        ("+15551240001", "hi"),
        ("+15551240002", "hello"),
        ("+15551240003", "hey"),
    ] {
        app.text_in(phone, body).await;
    }
    app.settle().await;
    app.admin().await
}

async fn contact_id(app: &TestApp, admin: &reqwest::Client, phone: &str) -> String {
    let page = get_json(
        admin,
        &app.url(&format!("/api/contacts?search={}", &phone[2..])),
    )
    .await;
    page["items"][0]["id"].as_str().unwrap().to_owned()
}

async fn edit(app: &TestApp, who: &reqwest::Client, id: &str, body: Value) -> reqwest::Response {
    who.put(app.url(&format!("/api/contacts/{id}")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn contacts_are_listed_searched_filtered_and_sorted_on_the_server() {
    let app = spawn_app().await;
    let admin = with_contacts(&app).await;
    let ada = contact_id(&app, &admin, "+15551240002").await;
    edit(&app, &admin, &ada, json!({ "name": "Ada Lovelace", "email": "ada@example.com", "status": "qualified", "tags": ["vip", " VIP ", "kitchen"] })).await;

    let all = get_json(&admin, &app.url("/api/contacts")).await;
    assert_eq!(all["total"], 3);
    assert_eq!(
        all["items"][0]["phone"], "+15551240003",
        "latest contact first by default"
    );
    assert_eq!(all["items"][0]["botName"], "Sales bot");

    for search in ["Lovelace", "ada@exa", "(555) 124-0002", "5551240002"] {
        let found = get_json(&admin, &app.url(&format!("/api/contacts?search={search}"))).await;
        assert_eq!(found["total"], 1, "{search}");
        assert_eq!(found["items"][0]["tags"], json!(["vip", "kitchen"]));
    }
    let hot = get_json(&admin, &app.url("/api/contacts?status=hot")).await;
    assert_eq!(hot["total"], 1, "hot = qualified or booked");
    let by_name = get_json(&admin, &app.url("/api/contacts?sort=name&order=asc")).await;
    assert_eq!(
        by_name["items"][0]["name"], "Ada Lovelace",
        "names first, unnamed after"
    );
    let paged = get_json(&admin, &app.url("/api/contacts?sort=phone&limit=2&page=2")).await;
    assert_eq!(
        (
            paged["total"].as_i64(),
            paged["items"].as_array().unwrap().len()
        ),
        (Some(3), 1)
    );
    assert_eq!(paged["items"][0]["phone"], "+15551240003");

    let bad = admin
        .get(app.url("/api/contacts?sort=shoe"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let bad = admin
        .get(app.url("/api/contacts?status=lukewarm"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn a_contact_shows_what_closebot_collected_or_says_why_not() {
    let app = spawn_app().await;
    let admin = with_contacts(&app).await;
    let id = contact_id(&app, &admin, "+15551240001").await;
    let without_lead = get_json(&admin, &app.url(&format!("/api/contacts/{id}"))).await;
    assert_eq!(without_lead["lead"]["fields"], json!([]));
    assert!(without_lead["lead"]["unavailable"]
        .as_str()
        .unwrap()
        .contains("no lead"));

    app.closebot.add_lead_with_fields(
        "+15551240001",
        "lead_1",
        json!([
            { "field": "company_size", "name": "Company Size", "value": "50", "aiProduced": true },
            { "field": "industry", "name": "Industry", "value": "Retail", "aiProduced": false }
        ]),
    );
    // Forwards of different contacts reach CloseBot in any order.
    let state = app
        .closebot
        .events()
        .into_iter()
        .find(|e| e.contact_id == "+15551240001")
        .unwrap()
        .state;
    app.bot_reply(&json!({ "message": "Hi!", "state": state, "leadId": "lead_1" }))
        .await;
    app.settle().await;
    let detail = get_json(&admin, &app.url(&format!("/api/contacts/{id}"))).await;
    assert_eq!(detail["lead"]["unavailable"], Value::Null);
    assert_eq!(detail["lead"]["fields"][0]["name"], "Company Size");
    assert_eq!(detail["lead"]["fields"][1]["value"], "Retail");
    assert_eq!(detail["lead"]["tags"], json!(["hot"]));
}

#[tokio::test]
async fn agents_edit_contacts_but_only_admins_delete_them() {
    let app = spawn_app().await;
    let admin = with_contacts(&app).await;
    let agent = app.agent().await;
    let id = contact_id(&app, &admin, "+15551240001").await;

    let edited = edit(
        &app,
        &agent,
        &id,
        json!({ "company": "Acme", "name": null }),
    )
    .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(edited.json::<Value>().await.unwrap()["company"], "Acme");
    let refused = agent
        .delete(app.url(&format!("/api/contacts/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);

    for (body, needle) in [
        (json!({ "email": "nope" }), "email"),
        (json!({ "status": "hot" }), "status"),
        (json!({ "tags": ["x".repeat(51)] }), "tag"),
        (json!({ "name": "x".repeat(201) }), "name"),
    ] {
        let response = edit(&app, &agent, &id, body.clone()).await;
        assert_eq!(response.status(), 422, "{body}");
        let message = response.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(needle), "{message}");
    }
    assert_eq!(edit(&app, &agent, "nobody", json!({})).await.status(), 404);
}

#[tokio::test]
async fn a_deleted_contact_starts_fresh_but_an_opted_out_number_stays_suppressed() {
    let app = spawn_app().await;
    let admin = with_contacts(&app).await;
    app.text_in("+15551240003", "STOP").await;
    for phone in ["+15551240002", "+15551240003"] {
        let id = contact_id(&app, &admin, phone).await;
        let deleted = admin
            .delete(app.url(&format!("/api/contacts/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(deleted.status(), 204);
        let gone = admin
            .get(app.url(&format!("/api/contacts/{id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 404);
    }
    let events_left = get_json(&admin, &app.url("/api/events?limit=200")).await;
    assert!(
        !events_left.to_string().contains("+15551240002"),
        "a deleted contact's events go with it"
    );

    app.text_in("+15551240002", "I'm back").await;
    app.text_in("+15551240003", "and me").await;
    app.settle().await;
    let back = get_json(
        &admin,
        &app.url(&format!(
            "/api/contacts/{}",
            contact_id(&app, &admin, "+15551240002").await
        )),
    )
    .await;
    assert_eq!(back["messageCount"], 1, "a fresh contact");
    assert_eq!(back["optOut"], Value::Null);
    let suppressed = get_json(
        &admin,
        &app.url(&format!(
            "/api/contacts/{}",
            contact_id(&app, &admin, "+15551240003").await
        )),
    )
    .await;
    assert_eq!(
        suppressed["optOut"]["keyword"], "STOP",
        "the evidence is kept"
    );
    let forwarded: Vec<String> = app
        .closebot
        .events()
        .into_iter()
        .map(|e| e.message)
        .collect();
    assert!(forwarded.contains(&"I'm back".to_owned()));
    assert!(
        !forwarded.contains(&"and me".to_owned()),
        "nothing goes to the bot for an opted-out number"
    );
}

#[tokio::test]
async fn the_export_streams_every_match_with_a_bom_and_formulas_neutralised() {
    let app = spawn_app().await;
    let admin = with_contacts(&app).await;
    let id = contact_id(&app, &admin, "+15551240001").await;
    edit(
        &app,
        &admin,
        &id,
        json!({ "name": "=HYPERLINK(\"http://x\",\"y\")", "tags": ["@risk"] }),
    )
    .await;

    let response = admin
        .get(app.url("/api/contacts/export?sort=phone&order=asc"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("contacts.csv"));
    let bytes = response.bytes().await.unwrap();
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a BOM for spreadsheet apps"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("name,phone,email,company,status,bot"));
    assert_eq!(lines.len(), 4, "every contact, not a page");
    assert!(
        lines[1].starts_with("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+15551240001,"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains(",'@risk,"), "{}", lines[1]);

    let filtered = admin
        .get(app.url("/api/contacts/export?search=5551240003"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(filtered.lines().count(), 2);
}
