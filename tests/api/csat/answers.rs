//! Replies to a survey: a score is recorded, kept from the bot and thanked
//! once; anything else is the bot's as usual.

use serde_json::{json, Value};

use super::{app_at, sent, surveyed, QUESTION, THANKS};
use crate::support::{eventually, TestApp};

const ALICE: &str = "+15551232001";
const MIDWEEK: &str = "2026-03-11T15:00:00Z";

async fn last_inbound(app: &TestApp, phone: &str) -> Value {
    let thread = app.conversation(&app.admin().await, phone).await;
    thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["direction"] == "inbound")
        .cloned()
        .unwrap()
}

#[tokio::test]
async fn a_score_is_recorded_kept_from_the_bot_and_thanked_once() {
    let app = app_at(MIDWEEK).await;
    surveyed(&app, ALICE).await;
    let forwarded = app.closebot.events().len();

    app.text_in(ALICE, "5!").await;
    eventually("the thank-you", || async { sent(&app, ALICE, THANKS) == 1 }).await;
    let answer = last_inbound(&app, ALICE).await;
    assert_eq!(
        (answer["body"].as_str(), answer["forwardState"].as_str()),
        (Some("5!"), Some("survey_answer"))
    );
    let surveys = app.state.store.csat_surveys(0, i64::MAX).await.unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!(surveys[0].score, Some(5));
    assert!(surveys[0].answered_at.is_some());

    // A second score changes nothing and is not thanked again.
    app.text_in(ALICE, "Four.").await;
    app.settle().await;
    assert_eq!(
        last_inbound(&app, ALICE).await["forwardState"],
        "survey_answer"
    );
    assert_eq!(sent(&app, ALICE, THANKS), 1);
    assert_eq!(
        app.state.store.csat_surveys(0, i64::MAX).await.unwrap()[0].score,
        Some(5),
        "the first score stands"
    );
    assert_eq!(
        app.closebot.events().len(),
        forwarded,
        "no score reached the bot"
    );

    // A question afterwards is the bot's again.
    app.text_in(ALICE, "When can you come?").await;
    eventually("the question to reach the bot", || async {
        app.closebot.events().len() == forwarded + 1
    })
    .await;
}

#[tokio::test]
async fn a_reply_that_is_more_than_a_score_goes_to_the_bot_and_closes_the_survey() {
    let app = app_at(MIDWEEK).await;
    surveyed(&app, ALICE).await;
    let forwarded = app.closebot.events().len();

    app.text_in(ALICE, "4 people need a quote").await;
    eventually("the text to reach the bot", || async {
        app.closebot.events().len() == forwarded + 1
    })
    .await;
    assert_eq!(
        app.closebot.events().last().unwrap().message,
        "4 people need a quote"
    );
    assert_eq!(last_inbound(&app, ALICE).await["forwardState"], "forwarded");

    // The bot asks something; a bare number now answers the bot, not the survey.
    let state = app.closebot.events().last().unwrap().state.clone();
    let asked = app
        .bot_reply(&json!({ "message": "How many windows?", "state": state }))
        .await;
    assert_eq!(asked.status(), 200);
    app.text_in(ALICE, "4").await;
    eventually("the number to reach the bot", || async {
        app.closebot.events().len() == forwarded + 2
    })
    .await;
    app.settle().await;
    assert_eq!(sent(&app, ALICE, THANKS), 0);
    assert_eq!(
        app.state.store.csat_surveys(0, i64::MAX).await.unwrap()[0].score,
        None
    );
}

#[tokio::test]
async fn stop_keeps_its_meaning_after_a_survey_and_a_deleted_contact_takes_its_surveys_along() {
    let app = app_at(MIDWEEK).await;
    surveyed(&app, ALICE).await;
    app.text_in(ALICE, "STOP").await;
    app.settle().await;
    let admin = app.admin().await;
    let thread = app.conversation(&admin, ALICE).await;
    assert_eq!(thread["contact"]["optedOut"], true);
    assert_eq!(last_inbound(&app, ALICE).await["forwardState"], "keyword");
    assert_eq!(sent(&app, ALICE, QUESTION), 1);

    let id = thread["contact"]["id"].as_str().unwrap();
    let deleted = admin
        .delete(app.url(&format!("/api/contacts/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    assert!(app
        .state
        .store
        .csat_surveys(0, i64::MAX)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn a_signal_only_callback_from_closebot_books_the_contact_and_never_downgrades_it() {
    let app = app_at(MIDWEEK).await;
    app.create_route(json!({})).await;
    let state = super::chat(&app, ALICE, "Hi", "Hello!").await;
    let admin = app.admin().await;

    let qualified = app
        .bot_reply(&json!({ "state": state, "tags": ["warm", "Qualified"] }))
        .await;
    assert_eq!(qualified.status(), 200);
    assert_eq!(
        qualified.json::<Value>().await.unwrap()["status"],
        "recorded"
    );
    assert_eq!(
        app.conversation(&admin, ALICE).await["contact"]["status"],
        "qualified"
    );

    let booked = app
        .bot_reply(&json!({ "state": state, "event": "appointment_booked" }))
        .await;
    assert_eq!(booked.status(), 200);
    assert_eq!(
        app.conversation(&admin, ALICE).await["contact"]["status"],
        "booked"
    );

    let again = app
        .bot_reply(&json!({ "state": state, "qualified": true }))
        .await;
    assert_eq!(again.status(), 200);
    assert_eq!(
        app.conversation(&admin, ALICE).await["contact"]["status"],
        "booked",
        "never downgraded"
    );
    assert_eq!(app.twilio.sent().len(), 1, "a signal alone texts nobody");
}
