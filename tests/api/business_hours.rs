use chrono::{DateTime, Utc};
use closebot_sms::clock::Clock;
use serde_json::{json, Value};

use crate::support::{eventually, spawn_app_with, Setup, TestApp};

const ALICE: &str = "+15551230601";
const BOB: &str = "+15551230602";
const CLOSED_REPLY: &str = "We're closed; we'll text you in the morning.";

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

/// Mon–Fri 9:00–17:00 New York, closed on 2026-12-01 (a Tuesday).
fn office_hours() -> Value {
    let day = json!({ "start": "09:00", "end": "17:00" });
    json!({
        "afterHoursReply": CLOSED_REPLY,
        "businessHours": {
            "timezone": "America/New_York",
            "mon": day, "tue": day, "wed": day, "thu": day, "fri": day,
            "exceptions": [{ "date": "2026-12-01", "closed": true }]
        }
    })
}

async fn app_at(start: &str) -> TestApp {
    spawn_app_with(Setup {
        clock: Clock::manual(at(start)),
        ..Setup::default()
    })
    .await
}

fn after_hours_replies(app: &TestApp, to: &str) -> usize {
    app.twilio
        .sent()
        .iter()
        .filter(|s| s.to == to && s.body == CLOSED_REPLY)
        .count()
}

#[tokio::test]
async fn outside_hours_texts_are_held_answered_once_per_closed_period_and_forwarded_at_opening() {
    // Saturday 2026-11-28, 10:00 in New York.
    let app = app_at("2026-11-28T15:00:00Z").await;
    app.create_route(office_hours()).await;

    app.text_in(ALICE, "Are you open today?").await;
    app.text_in(ALICE, "Hello??").await;
    app.text_in(BOB, "Quote please").await;

    eventually("one after-hours reply each", || async {
        after_hours_replies(&app, ALICE) == 1 && after_hours_replies(&app, BOB) == 1
    })
    .await;
    app.settle().await;
    assert!(
        app.closebot.events().is_empty(),
        "nothing reaches the bot while closed"
    );
    assert_eq!(
        after_hours_replies(&app, ALICE),
        1,
        "at most once per contact per closed period"
    );
    let thread = app.conversation(&app.admin().await, ALICE).await;
    assert_eq!(thread["messages"][0]["forwardState"], "held");

    // Monday 2026-11-30, 09:00 in New York: the route opens.
    app.clock.set(at("2026-11-30T14:00:00Z"));
    eventually("the held texts to reach the bot", || async {
        app.closebot.events().len() == 3
    })
    .await;
    let alice: Vec<String> = app
        .closebot
        .events()
        .into_iter()
        .filter(|e| e.contact_id == ALICE)
        .map(|e| e.message)
        .collect();
    assert_eq!(alice, ["Are you open today?", "Hello??"], "in order");

    // Monday 18:00: closed again, a new period, so a new after-hours reply.
    app.clock.set(at("2026-11-30T23:00:00Z"));
    app.text_in(ALICE, "One more thing").await;
    eventually("a second after-hours reply", || async {
        after_hours_replies(&app, ALICE) == 2
    })
    .await;
}

#[tokio::test]
async fn a_closed_date_exception_holds_texts_until_the_next_open_day() {
    // Tuesday 2026-12-01 is closed by exception; 11:00 in New York.
    let app = app_at("2026-12-01T16:00:00Z").await;
    app.create_route(office_hours()).await;

    app.text_in(ALICE, "Holiday question").await;
    eventually("the after-hours reply", || async {
        after_hours_replies(&app, ALICE) == 1
    })
    .await;
    app.clock.set(at("2026-12-01T21:00:00Z"));
    app.settle().await;
    assert!(app.closebot.events().is_empty());

    // Wednesday 09:00 New York.
    app.clock.set(at("2026-12-02T14:00:00Z"));
    eventually("the held text to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
}

#[tokio::test]
async fn changing_a_routes_hours_releases_held_texts_at_once() {
    let app = app_at("2026-11-28T15:00:00Z").await;
    let route = app.create_route(office_hours()).await;
    app.text_in(ALICE, "Weekend question").await;
    app.settle().await;
    assert!(app.closebot.events().is_empty());

    let admin = app.admin().await;
    let always_open = admin
        .put(app.url(&format!("/api/routes/{}", route["id"].as_str().unwrap())))
        .json(&json!({ "businessHours": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(always_open.status(), 200);

    eventually("the held text to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
}
