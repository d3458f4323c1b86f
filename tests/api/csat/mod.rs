//! The satisfaction survey end to end: routes with a survey, a manual clock
//! to let conversations go quiet, the fake Twilio to see what was sent and
//! the fake CloseBot to see what reached the bot.

mod answers;
mod figures;
mod sending;
mod settings;

use chrono::{DateTime, Utc};
use closebot_sms::clock::Clock;
use serde_json::{json, Value};

use crate::support::{eventually, spawn_app_with, Setup, TestApp};

pub const QUESTION: &str = "How did we do? Reply 1–5 (5 = great).";
pub const THANKS: &str = "Thank you for your feedback!";

pub fn at(raw: &str) -> DateTime<Utc> {
    raw.parse().unwrap()
}

/// The app on a manual clock starting at `start`.
pub async fn app_at(start: &str) -> TestApp {
    spawn_app_with(Setup {
        clock: Clock::manual(at(start)),
        ..Setup::default()
    })
    .await
}

/// The default route with its survey on and `quiet_minutes` of quiet, plus `extra` fields.
pub async fn surveyed_route(app: &TestApp, quiet_minutes: u32, extra: Value) -> Value {
    let mut body = json!({ "csatSurvey": { "enabled": true, "quietMinutes": quiet_minutes } });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().cloned().unwrap_or_default());
    app.create_route(body).await
}

/// Moves the clock on, then waits until the survey sweep has run at the
/// new time and what it queued has gone out.
pub async fn pass(app: &TestApp, by: chrono::Duration) {
    app.clock.advance(by);
    let db = app.database().await;
    eventually("the survey sweep to run", || async {
        let (state, run_at): (String, i64) =
            sqlx::query_as("SELECT state, run_at FROM jobs WHERE kind = 'survey_sweep'")
                .fetch_one(&db)
                .await
                .unwrap();
        state == "ready" && run_at > app.clock.now_ms()
    })
    .await;
    app.settle().await;
}

/// The texts Twilio received for `to` with this body.
pub fn sent(app: &TestApp, to: &str, body: &str) -> usize {
    app.twilio
        .sent()
        .iter()
        .filter(|s| s.to == to && s.body == body)
        .count()
}

/// A customer's text reaches the bot, which answers; returns CloseBot's state for it.
pub async fn chat(app: &TestApp, from: &str, text: &str, answer: &str) -> Value {
    let before = app.closebot.events().len();
    app.text_in(from, text).await;
    eventually("the text to reach the bot", || async {
        app.closebot.events().len() > before
    })
    .await;
    let state = app.closebot.events().last().unwrap().state.clone();
    let replied = app
        .bot_reply(&json!({ "message": answer, "state": state }))
        .await;
    assert_eq!(replied.status(), 200);
    app.settle().await;
    state
}

/// The survey went out to `to`: a conversation that has been quiet for a
/// minute, on a route with a one-minute quiet time.
pub async fn surveyed(app: &TestApp, to: &str) {
    surveyed_route(app, 1, json!({})).await;
    chat(app, to, "Do you fix roofs?", "We do! Want a quote?").await;
    // The sweep's first look after the survey was switched on starts its watch.
    pass(app, chrono::Duration::seconds(20)).await;
    pass(app, chrono::Duration::seconds(61)).await;
    assert_eq!(sent(app, to, QUESTION), 1, "the survey went out");
}
