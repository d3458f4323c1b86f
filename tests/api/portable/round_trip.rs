//! A populated installation — texts forwarded, sends delivered, failed and
//! still queued, an opted-out contact, a deleted route, credentials saved
//! (encrypted) from the settings page, a second user — exported while its
//! server runs, imported into an empty database: every row equal, and a
//! server on the copy signs its users in, lists the same conversations,
//! shows the same analytics and delivers the queued text.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use closebot_sms::clock::Clock;
use serde_json::{json, Value};

use super::{all_rows, count, open, run_ok};
use crate::support::fake_server::Port;
use crate::support::fake_twilio::{self, Reply};
use crate::support::process::{app_env, AppProcess};
use crate::support::{
    client, eventually, fake_closebot, spawn_app, spawn_app_with, test_dir, FakeCloseBot,
    FakeTwilio, Setup, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD, APP_URL,
};

const CUSTOMER: &str = "+15551230500";
const QUITTER: &str = "+15551230501";
pub(super) const AGENT: (&str, &str) = ("agent@example.com", "an agent's own long password");
/// The in-process app's APP_SECRET (see `support::base_config`).
pub(super) const SECRET: &str = "test-app-secret-0123456789abcdef0123456789abcdef";
pub(super) const ANALYTICS: &str =
    "/api/analytics/overview?include=messages,bots,outcomes,leaderboard";

async fn send(app: &TestApp, admin: &reqwest::Client, contact: &str, body: &str) {
    let response = admin
        .post(app.url(&format!("/api/conversations/{contact}/send")))
        .json(&json!({ "body": body }))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success(),
        "send {body}: {}",
        response.status()
    );
}

/// Everything the round trip carries, with the clock stopped so that the
/// send Twilio refused stays queued (its retry never comes due).
pub(super) async fn populated() -> TestApp {
    let app = spawn_app_with(Setup {
        on_sqlite: true,
        clock: Clock::manual(chrono::Utc::now()),
        configure: Box::new(|config| {
            config.twilio_account_sid = None;
            config.twilio_auth_token = None;
            config.closebot_api_key = None;
        }),
        ..Setup::default()
    })
    .await;
    let admin = app.admin().await;
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
    let added = admin
        .post(app.url("/api/users"))
        .json(&json!({ "email": AGENT.0, "role": "agent", "password": AGENT.1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let gone = app
        .create_route(json!({ "twilioNumber": "+15005550009" }))
        .await;
    let deleted = admin
        .delete(app.url(&format!("/api/routes/{}", gone["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success());
    app.create_route(json!({})).await;

    app.text_in(CUSTOMER, "Do you have a quote for a roof?")
        .await;
    app.text_in(QUITTER, "STOP").await;
    eventually("the text to reach CloseBot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    let contact = app.conversation(&admin, CUSTOMER).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for (n, outcome) in [(1, "delivered"), (2, "undelivered")] {
        send(&app, &admin, &contact, &format!("reply {n}")).await;
        eventually("the reply to reach Twilio", || async {
            app.twilio.sent().len() == n
        })
        .await;
        let sid = app.twilio.sent()[n - 1].sid.clone();
        let code = (outcome == "undelivered").then_some("30005");
        assert_eq!(app.status_callback(&sid, outcome, code).await.status(), 200);
    }
    app.twilio.script([Reply::Error {
        status: 500,
        code: 20500,
        message: "Internal Server Error",
    }]);
    send(&app, &admin, &contact, "the queued reply").await;
    eventually("Twilio to refuse the send once", || async {
        app.twilio.send_attempts() == 3
    })
    .await;
    app.settle().await;
    app.state.store.index_pending_messages().await.unwrap();
    app
}

/// The env of a server on `database` with the same APP_SECRET and no
/// credentials of its own: it must decrypt the imported ones.
pub(super) fn env_for(
    database: &std::path::Path,
    twilio: &FakeTwilio,
    closebot: &FakeCloseBot,
) -> Vec<(&'static str, String)> {
    let mut env = app_env(APP_URL, database, twilio, closebot);
    let credentials = [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "CLOSEBOT_API_KEY",
    ];
    env.retain(|(name, _)| !credentials.contains(name));
    env.iter_mut()
        .filter(|(name, _)| *name == "APP_SECRET")
        .for_each(|(_, value)| *value = SECRET.to_owned());
    env
}

pub(super) async fn get(client: &reqwest::Client, url: String) -> Value {
    let response = client.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200, "{url}");
    response.json().await.unwrap()
}

pub(super) async fn sign_in(address: &str, (email, password): (&str, &str)) -> reqwest::Client {
    let client = client();
    crate::support::process::sign_in(&client, address, (email, password)).await;
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_installation_moves_whole_into_an_empty_database_and_serves_from_there() {
    // Arrange: a populated installation and a still copy of it.
    let app = populated().await;
    let dir = test_dir();
    let still = dir.path().join("still.db");
    run_ok(&["backup", still.to_str().unwrap()], &app.database).await;
    let admin = app.admin().await;
    let conversations = app.list_conversations(&admin, &[]).await;
    let analytics = get(&admin, app.url(ANALYTICS)).await;

    // Act: export (gzip), import into a database that does not exist yet.
    let file = dir.path().join("moved/export.jsonl.gz");
    let said = run_ok(&["export", file.to_str().unwrap()], &still).await;
    assert!(said.contains("where APP_SECRET is the same"), "{said}");
    let moved = dir.path().join("new/app.db");
    let said = run_ok(&["import", file.to_str().unwrap()], &moved).await;

    // Assert: the counts table, then every row of every table.
    assert!(said.contains("every table's rows match the file"), "{said}");
    assert!(
        said.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["messages", "5", "5"]),
        "{said}"
    );
    let (before, after) = (all_rows(&still).await, all_rows(&moved).await);
    for ((table, rows), (_, imported)) in before.iter().zip(&after) {
        assert_eq!(rows, imported, "the rows of {table}");
    }
    assert!(
        count(&moved, "jobs").await >= 1,
        "the queued send came along"
    );
    let fts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM contacts_fts")
        .fetch_one(&open(&moved).await)
        .await
        .unwrap();
    assert_eq!(fts, 2, "the contact search index is rebuilt");

    // A server on the copy, with fresh fakes and only the imported settings.
    let (twilio, closebot) = (FakeTwilio::start().await, FakeCloseBot::start().await);
    let env = env_for(&moved, &twilio, &closebot);
    let server = AppProcess::start(dir.path(), Port::reserve().0, &env).await;
    let admin = sign_in(&server.address, (ADMIN_EMAIL, ADMIN_PASSWORD)).await;
    sign_in(&server.address, AGENT).await;
    let listed = get(&admin, format!("{}/api/conversations", server.address)).await;
    assert_eq!(listed["items"], conversations["items"]);
    let found = get(
        &admin,
        format!("{}/api/conversations?search=1230501", server.address),
    )
    .await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(
        get(&admin, format!("{}{ANALYTICS}", server.address)).await,
        analytics
    );
    eventually("the queued reply to be delivered", || async {
        twilio.sent().iter().any(|s| s.body == "the queued reply")
    })
    .await;
    assert!(twilio.violations().is_empty(), "{:?}", twilio.violations());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_taken_while_texts_arrive_is_one_consistent_snapshot() {
    let app = Arc::new(spawn_app().await);
    app.create_route(json!({})).await;
    let stop = Arc::new(AtomicBool::new(false));
    let texting = {
        let (app, stop) = (app.clone(), stop.clone());
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                app.text_in(&format!("+1555124{:04}", n % 40), &format!("text {n}"))
                    .await;
            }
            n
        })
    };
    eventually("some texts stored", || async {
        count(&app.database, "messages").await >= 20
    })
    .await;

    let dir = test_dir();
    let file = dir.path().join("live.jsonl");
    run_ok(&["export", file.to_str().unwrap()], &app.database).await;
    stop.store(true, Ordering::Relaxed);
    let sent = texting.await.unwrap();

    // The import checks every row against the header's counts and every
    // foreign key; the contacts' running totals agree with their messages.
    let moved = dir.path().join("app.db");
    run_ok(&["import", file.to_str().unwrap()], &moved).await;
    let messages = count(&moved, "messages").await;
    assert!(messages >= 20 && messages <= sent, "{messages} of {sent}");
    let pool = open(&moved).await;
    let disagreeing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM contacts c
         WHERE c.message_count <> (SELECT COUNT(*) FROM messages m WHERE m.contact_id = c.id)
            OR c.last_message_id IS NOT (SELECT MAX(id) FROM messages m WHERE m.contact_id = c.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(disagreeing, 0);
}
