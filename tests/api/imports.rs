//! CSV imports: a preview of what each row becomes, every row accounted for
//! (created, updated, skipped, rejected with its reason), a paced first
//! message that can be stopped, a resume after a restart, and admins only.

use std::time::Duration;

use serde_json::{json, Value};

use crate::support::{eventually, get_json, spawn_app, TestApp, OUR_NUMBER};

const FILE: &str = "First Name,Last Name,Mobile,Email,Industry,Tags\n\
Ada,Lovelace,(202) 555-0101,ada@example.com,Retail,vip\n\
Ben,Okafor,202-555-0102,,Plumbing,\n\
Ada,Again,2025550101,,,\n\
Cy,Bad,12345,,,\n\
Di,Stopped,+1 202 555 0104,,,\n\
Ed,Known,+15551240009,ed@example.com,,\"kitchen; VIP\"\n";

async fn upload(app: &TestApp, admin: &reqwest::Client, file: &str) -> reqwest::Response {
    admin
        .post(app.url("/api/contacts/import?fileName=leads.csv"))
        .header("content-type", "text/csv")
        .body(file.to_owned())
        .send()
        .await
        .unwrap()
}

async fn start(
    app: &TestApp,
    admin: &reqwest::Client,
    id: &str,
    options: &Value,
) -> reqwest::Response {
    admin
        .post(app.url(&format!("/api/contacts/import/{id}/start")))
        .json(options)
        .send()
        .await
        .unwrap()
}

async fn finished(app: &TestApp, admin: &reqwest::Client, id: &str) -> Value {
    let url = app.url(&format!("/api/contacts/import/{id}"));
    eventually("the import to finish", || async {
        get_json(admin, &url).await["state"] != "running"
    })
    .await;
    get_json(admin, &url).await
}

#[tokio::test]
async fn every_row_is_accounted_for_and_a_known_phone_is_updated_not_duplicated() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in("+15551240009", "I texted before").await;
    app.text_in("+12025550104", "STOP").await;
    app.settle().await;
    let admin = app.admin().await;

    let draft = upload(&app, &admin, FILE).await;
    assert_eq!(draft.status(), 201);
    let draft: Value = draft.json().await.unwrap();
    assert_eq!(draft["state"], "draft");
    assert_eq!(draft["totalRows"], 6);
    assert_eq!(
        draft["options"]["columns"],
        json!([{"kind": "firstName"}, {"kind": "lastName"}, {"kind": "phone"}, {"kind": "email"},
               {"kind": "field", "name": "Industry"}, {"kind": "tags"}])
    );
    let outcomes: Vec<&str> = draft["preview"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        ["create", "create", "skip", "reject", "reject", "update"]
    );
    assert_eq!(draft["preview"][0]["phone"], "+12025550101");
    assert_eq!(draft["preview"][0]["name"], "Ada Lovelace");

    let id = draft["id"].as_str().unwrap();
    let started = start(&app, &admin, id, &draft["options"]).await;
    assert_eq!(started.status(), 202);
    let done = finished(&app, &admin, id).await;
    assert_eq!(done["state"], "done");
    let counts = (
        &done["created"],
        &done["updated"],
        &done["skipped"],
        &done["rejected"],
        &done["rowsDone"],
    );
    assert_eq!(
        counts,
        (&json!(2), &json!(1), &json!(1), &json!(2), &json!(6))
    );
    upload(&app, &admin, FILE).await; // a draft, never started: not listed
    let listed = get_json(&admin, &app.url("/api/contacts/import")).await;
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id], "any admin sees the import, from any browser");
    assert_eq!(listed["items"][0]["state"], "done");

    let contacts = get_json(&admin, &app.url("/api/contacts?search=Lovelace")).await;
    assert_eq!(contacts["total"], 1);
    let ada = get_json(
        &admin,
        &app.url(&format!(
            "/api/contacts/{}",
            contacts["items"][0]["id"].as_str().unwrap()
        )),
    )
    .await;
    assert_eq!(ada["fields"]["Industry"], "Retail");
    assert_eq!(ada["tags"], json!(["vip"]));
    let known = get_json(&admin, &app.url("/api/contacts?search=5551240009")).await;
    assert_eq!(
        known["total"], 1,
        "the same phone is never a second contact"
    );
    assert_eq!(known["items"][0]["name"], "Ed Known");
    assert_eq!(known["items"][0]["messageCount"], 1, "its history stays");

    let report = admin
        .get(app.url(&format!("/api/contacts/import/{id}/rejected.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let lines: Vec<&str> = report.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "row,reason,original row");
    assert!(
        lines[1].starts_with("4,skipped: the same phone as row 2,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("5,`12345` is not a phone number,"),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("6,the number opted out,"),
        "{}",
        lines[3]
    );
}

#[tokio::test]
async fn a_first_message_goes_out_paced_and_stopping_the_import_cancels_the_rest() {
    let app = spawn_app().await;
    let route = app.create_route(json!({})).await;
    let admin = app.admin().await;
    let file: String = std::iter::once("phone,name".to_owned())
        .chain((0..6).map(|i| format!("20255502{i:02},Lead {i}")))
        .collect::<Vec<_>>()
        .join("\n");
    let draft: Value = upload(&app, &admin, &file).await.json().await.unwrap();
    let mut options = draft["options"].clone();
    options["firstMessage"] = json!({ "routeId": route["id"], "body": "Hi! Still looking for a new kitchen?", "segmentsPerSecond": 2.0 });
    let id = draft["id"].as_str().unwrap();
    assert_eq!(start(&app, &admin, id, &options).await.status(), 202);

    eventually("two first messages", || async {
        app.twilio.sent().len() >= 2
    })
    .await;
    let sent = app.twilio.sent();
    let gap = sent[1].received.duration_since(sent[0].received);
    assert!(
        gap >= Duration::from_millis(400),
        "paced at two segments a second: {gap:?}"
    );
    assert_eq!(sent[0].from, OUR_NUMBER);

    let stopped: Value = admin
        .post(app.url(&format!("/api/contacts/import/{id}/stop")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stopped["state"], "stopped");
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let after = app.twilio.sent().len();
    assert!(after < 6, "the rest were canceled ({after} sent)");
    let thread = app.conversation(&admin, "+12025550205").await;
    assert_eq!(
        thread["messages"][0]["twilioStatus"], "canceled",
        "each send shows in its conversation"
    );
}

#[tokio::test]
async fn an_import_interrupted_by_a_restart_resumes_after_its_last_batch() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let file: String = std::iter::once("phone".to_owned())
        .chain((0..1200).map(|i| format!("+1202556{i:04}")))
        .collect::<Vec<_>>()
        .join("\n");
    let draft: Value = upload(&app, &admin, &file).await.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    // As if a restart came after the first batch of 500 rows was committed.
    let db = app.database().await;
    sqlx::query(
        "UPDATE imports SET state = 'running', rows_done = 500, created = 500 WHERE id = ?",
    )
    .bind(id)
    .execute(&db)
    .await
    .unwrap();
    assert_eq!(app.state.imports.resume_all().await.unwrap(), 1);
    let done = finished(&app, &admin, id).await;
    assert_eq!(
        (
            done["state"].as_str(),
            done["rowsDone"].as_i64(),
            done["created"].as_i64()
        ),
        (Some("done"), Some(1200), Some(1200))
    );
    let contacts = get_json(&admin, &app.url("/api/contacts?limit=1")).await;
    assert_eq!(
        contacts["total"], 700,
        "only the rows after the last batch were written again"
    );
}

#[tokio::test]
async fn imports_are_for_admins_and_bad_files_or_options_are_explained() {
    let app = spawn_app().await;
    let admin = app.admin().await;
    let agent = app.agent().await;
    assert_eq!(upload(&app, &agent, FILE).await.status(), 403);
    let list = agent
        .get(app.url("/api/contacts/import"))
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 403);

    for (file, needle) in [("", "header"), ("phone\n", "no rows")] {
        let response = upload(&app, &admin, file).await;
        assert_eq!(response.status(), 422);
        let message = response.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(message.contains(needle), "{message}");
    }
    let draft: Value = upload(&app, &admin, FILE).await.json().await.unwrap();
    let id = draft["id"].as_str().unwrap();
    let mut no_phone = draft["options"].clone();
    no_phone["columns"][2] = json!({ "kind": "skip" });
    let refused = start(&app, &admin, id, &no_phone).await;
    assert_eq!(refused.status(), 422);
    assert!(refused.json::<Value>().await.unwrap()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("phone"));
    let mut bad_country = draft["options"].clone();
    bad_country["defaultCountry"] = json!("Atlantis");
    assert_eq!(start(&app, &admin, id, &bad_country).await.status(), 422);
    let huge = "phone\n".to_owned() + &"+12025550100\n".repeat(5_000_000);
    assert_eq!(upload(&app, &admin, &huge).await.status(), 413);
    assert_eq!(
        admin
            .get(app.url("/api/contacts/import/nope"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}
