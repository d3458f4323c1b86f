//! The analytics' satisfaction card and the leaderboard's CSAT, from the
//! surveys sent in the range and their answers.

use serde_json::{json, Value};

use super::{app_at, chat, pass, sent, surveyed_route, QUESTION, THANKS};
use crate::support::{eventually, TestApp};

const CUSTOMERS: [&str; 3] = ["+15551232101", "+15551232102", "+15551232103"];

async fn overview(app: &TestApp, query: &str) -> Value {
    let admin = app.admin().await;
    let response = admin
        .get(app.url(&format!("/api/analytics/overview?{query}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_card_averages_the_answers_of_the_surveys_sent_in_the_range() {
    let app = app_at("2026-03-11T15:00:00Z").await;
    surveyed_route(&app, 1, json!({})).await;
    let empty = overview(&app, "start=2026-03-11&end=2026-03-11").await;
    assert_eq!(
        empty["csat"]["value"],
        Value::Null,
        "no answers: no data, not a number"
    );
    assert_eq!(empty["csat"]["surveysSent"], 0);

    for phone in CUSTOMERS {
        chat(&app, phone, "Do you fix roofs?", "We do! Want a quote?").await;
    }
    pass(&app, chrono::Duration::seconds(20)).await;
    pass(&app, chrono::Duration::seconds(61)).await;
    for phone in CUSTOMERS {
        assert_eq!(sent(&app, phone, QUESTION), 1, "{phone} was asked");
    }
    app.text_in(CUSTOMERS[0], "5!").await;
    app.text_in(CUSTOMERS[1], "three").await;
    eventually("both thanked", || async {
        CUSTOMERS[..2].iter().all(|p| sent(&app, p, THANKS) == 1)
    })
    .await;

    let figures = overview(&app, "start=2026-03-11&end=2026-03-11&include=leaderboard").await;
    let csat = &figures["csat"];
    assert_eq!(csat["value"], 4.0);
    assert_eq!(
        (csat["responses"].as_i64(), csat["surveysSent"].as_i64()),
        (Some(2), Some(3))
    );
    assert!((csat["responseRate"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    let spread: Vec<i64> = csat["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["count"].as_i64().unwrap())
        .collect();
    assert_eq!(spread, [0, 0, 1, 0, 1]);
    assert_eq!(csat["previous"], Value::Null);
    let hour = csat["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| !v.is_null())
        .count();
    assert_eq!(hour, 1, "one hour of the day had answered surveys: {csat}");
    let top = &figures["leaderboard"]["items"][0];
    assert_eq!(
        (top["csatAverage"].as_f64(), top["csatResponses"].as_i64()),
        (Some(4.0), Some(2))
    );
}
