//! Analytics over a hand-built conversation history in New York that
//! crosses midnight and the end of daylight time (2026-11-01, a 25-hour day).

use chrono::{DateTime, Utc};
use closebot_sms::clock::Clock;
use serde_json::{json, Value};

use crate::support::{eventually, spawn_app_with, Setup, TestApp};

const ANA: &str = "+15551230701";
const BEN: &str = "+15551230702";
const CAL: &str = "+15551230703";

fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

async fn text_at(app: &TestApp, when: &str, from: &str, body: &str) {
    app.clock.set(at(when));
    let before = app.closebot.events().len();
    app.text_in(from, body).await;
    eventually("CloseBot to receive the text", || async {
        app.closebot.events().len() > before
    })
    .await;
}

/// The bot answers the latest text handed to CloseBot, at `when`.
async fn reply_at(app: &TestApp, when: &str, body: &str) {
    app.clock.set(at(when));
    let state = app.closebot.events().last().unwrap().state.clone();
    let response = app
        .bot_reply(&json!({ "message": body, "state": state }))
        .await;
    assert_eq!(response.status(), 200);
}

async fn get(app: &TestApp, admin: &reqwest::Client, path: &str) -> (u16, Value) {
    let response = admin.get(app.url(path)).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// Ana (Oct 31, 23:30 and Nov 1, the second 01:30), Ben (Nov 1 00:10, Nov 2
/// 08:00, then booked), Cal (Nov 1 23:50, still Nov 1 in New York); the bot
/// answers Ana after 2 minutes and after 30 seconds.
async fn history() -> (TestApp, reqwest::Client) {
    let app = spawn_app_with(Setup {
        clock: Clock::manual(at("2026-11-01T03:00:00Z")),
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    let admin = app.admin().await;
    let saved = admin
        .put(app.url("/api/settings"))
        .json(&json!({ "business": { "timeZone": "America/New_York" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    text_at(
        &app,
        "2026-11-01T03:30:00Z",
        ANA,
        "Do you install heat pumps?",
    )
    .await;
    reply_at(
        &app,
        "2026-11-01T03:32:00Z",
        "We do! What size is your home?",
    )
    .await;
    text_at(&app, "2026-11-01T04:10:00Z", BEN, "Quote for a roof?").await;
    text_at(&app, "2026-11-01T06:30:00Z", ANA, "About 2000 sq ft").await;
    reply_at(&app, "2026-11-01T06:30:30Z", "Great, when can we visit?").await;
    text_at(&app, "2026-11-02T04:50:00Z", CAL, "Are you hiring?").await;
    text_at(&app, "2026-11-02T13:00:00Z", BEN, "Tuesday works").await;
    app.clock.set(at("2026-11-02T14:00:00Z"));
    let ben = app.conversation(&admin, BEN).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let booked = admin
        .put(app.url(&format!("/api/contacts/{ben}")))
        .json(&json!({ "status": "booked" }))
        .send()
        .await
        .unwrap();
    assert_eq!(booked.status(), 200);
    app.settle().await;
    (app, admin)
}

fn series(stat: &Value) -> Vec<f64> {
    stat["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap_or(-1.0))
        .collect()
}

#[tokio::test]
async fn daily_figures_follow_the_business_day_across_midnight_and_daylight_saving() {
    let (app, admin) = history().await;
    let (status, overview) = get(&app, &admin, "/api/analytics/overview?start=2026-10-31&end=2026-11-02&include=messages,bots,outcomes,leaderboard").await;
    assert_eq!(status, 200, "{overview}");
    assert_eq!(overview["range"]["timeZone"], "America/New_York");
    assert_eq!(overview["range"]["resolution"], "day");
    let locals: Vec<&str> = overview["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["local"].as_str().unwrap())
        .collect();
    assert_eq!(locals, ["2026-10-31", "2026-11-01", "2026-11-02"]);
    assert_eq!(overview["buckets"][1]["start"], "2026-11-01T04:00:00Z");
    assert_eq!(
        overview["buckets"][1]["end"], "2026-11-02T05:00:00Z",
        "Nov 1 has 25 hours"
    );

    let points = overview["messages"]["points"].as_array().unwrap();
    let inbound: Vec<i64> = points
        .iter()
        .map(|p| p["inbound"].as_i64().unwrap())
        .collect();
    let outbound: Vec<i64> = points
        .iter()
        .map(|p| p["outbound"].as_i64().unwrap())
        .collect();
    assert_eq!(inbound, [1, 3, 1], "Cal's 23:50 text is still Nov 1");
    assert_eq!(outbound, [1, 1, 0]);

    assert_eq!(overview["conversations"]["value"], 3.0);
    assert_eq!(series(&overview["conversations"]), [1.0, 3.0, 1.0]);
    assert_eq!(overview["conversations"]["previous"], 0.0);
    assert_eq!(
        overview["conversations"]["change"],
        Value::Null,
        "no change from nothing"
    );

    let rate = &overview["bookingRate"];
    assert_eq!(rate["bookings"], 1);
    assert!((rate["value"].as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(rate["sources"][0]["source"], "contact_status", "{rate}");
    assert!(rate["sources"][0]["note"]
        .as_str()
        .unwrap()
        .contains("booking graph"));
    assert_eq!(series(rate), [0.0, 0.0, 1.0]);

    let response = &overview["responseTime"];
    assert_eq!(response["value"], 75_000.0, "the average of 2 min and 30 s");
    assert_eq!(response["responses"], 2);
    let median = response["medianMs"].as_f64().unwrap();
    assert!((median - 30_000.0).abs() <= 750.0, "{median}");
    assert_eq!(series(response), [120_000.0, 30_000.0, -1.0]);

    assert_eq!(overview["bots"]["items"][0]["botName"], "Sales bot");
    assert_eq!(overview["bots"]["items"][0]["conversations"], 3);
    assert_eq!(overview["bots"]["items"][0]["messages"], 7);
    let outcomes: Vec<(String, i64)> = overview["outcomes"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["outcome"].as_str().unwrap().to_owned(),
                o["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("booked".into(), 1),
            ("qualified".into(), 0),
            ("dropped".into(), 0),
            ("pending".into(), 2)
        ]
    );
    assert_eq!(overview["outcomes"]["total"], 3);
    let top = &overview["leaderboard"]["items"][0];
    assert_eq!(
        (
            top["rank"].as_i64(),
            top["conversations"].as_i64(),
            top["bookings"].as_i64()
        ),
        (Some(1), Some(3), Some(1))
    );
    assert_eq!(top["averageResponseMs"], 75_000);
}

#[tokio::test]
async fn hours_of_the_long_day_and_a_later_period_compared_with_it() {
    let (app, admin) = history().await;
    let (_, hours) = get(
        &app,
        &admin,
        "/api/analytics/messages?start=2026-11-01&end=2026-11-01",
    )
    .await;
    let points = hours["points"].as_array().unwrap();
    assert_eq!(hours["range"]["resolution"], "hour");
    assert_eq!(points.len(), 25);
    let at_one: Vec<(i64, i64)> = points
        .iter()
        .filter(|p| p["local"] == "2026-11-01T01:00")
        .map(|p| {
            (
                p["inbound"].as_i64().unwrap(),
                p["outbound"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        at_one,
        [(0, 0), (1, 1)],
        "the repeated 01:00 hour holds Ana's second text and its answer"
    );
    assert_eq!(points[0]["inbound"], 1, "Ben's 00:10");
    assert_eq!(points[24]["inbound"], 1, "Cal's 23:50");

    // Nov 2 against Nov 1: one conversation against three.
    let (_, next) = get(
        &app,
        &admin,
        "/api/analytics/overview?start=2026-11-02&end=2026-11-02",
    )
    .await;
    assert_eq!(next["conversations"]["value"], 1.0);
    assert_eq!(
        next["range"]["previousStart"], "2026-11-01T05:00:00Z",
        "the previous period has the same length"
    );
}

#[tokio::test]
async fn outcomes_follow_the_dropped_after_setting_and_bad_ranges_are_refused() {
    let (app, admin) = history().await;
    let saved = admin
        .put(app.url("/api/settings"))
        .json(&json!({ "business": { "droppedAfterDays": 1 } }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let (_, outcomes) = get(
        &app,
        &admin,
        "/api/analytics/outcomes?start=2026-10-31&end=2026-11-02",
    )
    .await;
    let counts: Vec<i64> = outcomes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["count"].as_i64().unwrap())
        .collect();
    assert_eq!(
        counts,
        [1, 0, 1, 1],
        "Ana has been quiet for more than a day"
    );
    assert_eq!(outcomes["droppedAfterDays"], 1);

    for (query, needle) in [
        ("start=2026-11-05&end=2026-11-01", "before"),
        ("start=2023-01-01&end=2026-01-01", "two years"),
        ("resolution=minute", "hour, day or week"),
        ("start=yesterday", "RFC 3339"),
        ("include=pie", "not a chart"),
    ] {
        let (status, body) = get(&app, &admin, &format!("/api/analytics/overview?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(needle),
            "{query}: {body}"
        );
    }
    let bad_zone = admin
        .put(app.url("/api/settings"))
        .json(&json!({ "business": { "timeZone": "Mars/Olympus" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(bad_zone.status(), 422);
}

#[tokio::test]
async fn bookings_come_from_closebots_booking_graph_when_it_answers() {
    let (app, admin) = history().await;
    app.closebot.set_booking_graph(json!([
        { "date": "2026-11-01T12:00:00Z", "count": 2 },
        { "date": "2026-11-02T15:00:00Z", "count": 1 }
    ]));
    let (_, overview) = get(
        &app,
        &admin,
        "/api/analytics/overview?start=2026-10-31&end=2026-11-02",
    )
    .await;
    let rate = &overview["bookingRate"];
    assert_eq!(rate["bookings"], 3, "{rate}");
    assert_eq!(rate["sources"][0]["source"], "closebot_booking_graph");
    assert_eq!(rate["sources"][0]["note"], Value::Null);
    assert_eq!(series(rate), [0.0, 2.0 / 3.0, 1.0]);
    let asked = app.closebot.graph_requests();
    let query = asked
        .iter()
        .find(|q| q.contains(&("start".into(), "2026-10-31T04:00:00Z".into())))
        .expect("the range was asked for");
    assert!(query.contains(&("end".into(), "2026-11-03T05:00:00Z".into())));
    assert!(query.contains(&("resolution".into(), "daily".into())));
    assert!(query.contains(&("sourceId".into(), crate::support::SOURCE_ID.into())));
}

#[tokio::test]
async fn the_backfill_rebuilds_the_figures_of_messages_stored_before_they_were_kept() {
    let (app, admin) = history().await;
    let path = "/api/analytics/overview?start=2026-10-31&end=2026-11-02&include=leaderboard";
    let (_, kept) = get(&app, &admin, path).await;
    let db = app.database().await;
    sqlx::query(
        "DELETE FROM activity_quarters; UPDATE message_counts_quarter SET responses = 0, response_ms = 0;
         UPDATE analytics_backfill SET up_to_id = (SELECT MAX(id) FROM messages), done_up_to_id = 0, done = 0,
                total = (SELECT COUNT(*) FROM messages), finished_at = NULL",
    )
    .execute(&db)
    .await
    .unwrap();
    let (_, lost) = get(&app, &admin, path).await;
    assert_eq!(lost["conversations"]["value"], 0.0);
    assert_eq!(
        lost["preparing"],
        json!({ "done": 0, "total": 7 }),
        "the page says the figures are being prepared"
    );

    closebot_sms::insights::analytics::backfill::run(app.state.store.clone(), app.clock.clone())
        .await;
    let (_, rebuilt) = get(&app, &admin, path).await;
    assert_eq!(rebuilt["preparing"], Value::Null);
    for field in [
        "conversations",
        "responseTime",
        "bookingRate",
        "leaderboard",
    ] {
        assert_eq!(rebuilt[field], kept[field], "{field}");
    }
}
