//! When a survey goes out, and to whom it never does.

use chrono::Duration;
use serde_json::{json, Value};

use super::{app_at, at, chat, pass, sent, surveyed_route, QUESTION};
use crate::support::fake_twilio::Reply;
use crate::support::{eventually, OUR_NUMBER};

const ALICE: &str = "+15551231001";
const BOB: &str = "+15551231002";
const CAROL: &str = "+15551231003";
/// Wednesday 2026-03-11, 15:00 UTC.
const MIDWEEK: &str = "2026-03-11T15:00:00Z";

#[tokio::test]
async fn a_conversation_quiet_for_the_routes_quiet_time_gets_the_survey_once() {
    let app = app_at(MIDWEEK).await;
    surveyed_route(&app, 1, json!({})).await;
    chat(&app, ALICE, "Do you fix roofs?", "We do! Want a quote?").await;

    pass(&app, Duration::seconds(30)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 0, "not quiet for a minute yet");
    pass(&app, Duration::seconds(31)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 1, "quiet for a minute");
    let sms = app
        .twilio
        .sent()
        .into_iter()
        .find(|s| s.body == QUESTION)
        .unwrap();
    assert_eq!(sms.from, OUR_NUMBER);

    let thread = app.conversation(&app.admin().await, ALICE).await;
    let survey = thread["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (survey["body"].as_str(), survey["source"].as_str()),
        (Some(QUESTION), Some("system"))
    );

    // The survey itself starts a new silence: still nobody is asked twice.
    pass(&app, Duration::minutes(5)).await;
    pass(&app, Duration::days(10)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 1, "at most once in 30 days");
    let surveys = app.state.store.csat_surveys(0, i64::MAX).await.unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!((surveys[0].score, surveys[0].answered_at), (None, None));
    assert_eq!(surveys[0].sent_at, at(MIDWEEK).timestamp_millis() + 61_000);
}

#[tokio::test]
async fn a_booking_by_closebots_tag_or_by_a_person_gets_the_survey_once() {
    let app = app_at(MIDWEEK).await;
    // Thirty days of quiet: only bookings ask here.
    surveyed_route(&app, 43_200, json!({})).await;
    pass(&app, Duration::seconds(20)).await;
    let state = chat(&app, ALICE, "Can I book Tuesday?", "Let me check.").await;

    let booked = app
        .bot_reply(
            &json!({ "message": "You're booked for Tuesday at 3pm!", "state": state,
                            "tags": [{ "name": "Appointment booked" }] }),
        )
        .await;
    assert_eq!(booked.status(), 200);
    let admin = app.admin().await;
    assert_eq!(
        app.conversation(&admin, ALICE).await["contact"]["status"],
        "booked"
    );
    pass(&app, Duration::seconds(15)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 1, "asked after the booking");
    let texts: Vec<String> = app.twilio.sent().into_iter().map(|s| s.body).collect();
    assert_eq!(
        texts.last().map(String::as_str),
        Some(QUESTION),
        "after the confirmation"
    );

    // Booked again by a person a few days on: not twice in 30 days.
    let alice = app.conversation(&admin, ALICE).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for status in ["active", "booked"] {
        let edited = admin
            .put(app.url(&format!("/api/contacts/{alice}")))
            .json(&json!({ "status": status }))
            .send()
            .await
            .unwrap();
        assert_eq!(edited.status(), 200);
    }
    pass(&app, Duration::days(3)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 1);

    // Bob, booked by a person (no message from CloseBot), is asked too.
    chat(&app, BOB, "Hi", "Hello!").await;
    let bob = app.conversation(&admin, BOB).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let edited = admin
        .put(app.url(&format!("/api/contacts/{bob}")))
        .json(&json!({ "status": "booked" }))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    pass(&app, Duration::seconds(15)).await;
    assert_eq!(sent(&app, BOB, QUESTION), 1);
}

#[tokio::test]
async fn nobody_opted_out_or_handled_by_a_person_is_surveyed() {
    let app = app_at(MIDWEEK).await;
    surveyed_route(&app, 1, json!({})).await;
    pass(&app, Duration::seconds(20)).await;
    chat(&app, ALICE, "Quote please", "Sure, what size?").await;
    app.text_in(ALICE, "STOP").await;
    chat(&app, BOB, "Quote please", "Sure, what size?").await;
    let admin = app.admin().await;
    let bob: Value = app.conversation(&admin, BOB).await;
    let took_over = admin
        .post(app.url(&format!(
            "/api/conversations/{}/send",
            bob["contact"]["id"].as_str().unwrap()
        )))
        .json(&json!({ "body": "Dana here, I'll take it from here." }))
        .send()
        .await
        .unwrap();
    assert_eq!(took_over.status(), 202);
    chat(&app, CAROL, "Quote please", "Sure, what size?").await;

    pass(&app, Duration::minutes(2)).await;
    assert_eq!(
        sent(&app, CAROL, QUESTION),
        1,
        "the sweep ran: Carol was asked"
    );
    assert_eq!(sent(&app, ALICE, QUESTION), 0, "opted out");
    assert_eq!(sent(&app, BOB, QUESTION), 0, "a person handles Bob");
    let thread = app.conversation(&admin, ALICE).await;
    assert!(thread["messages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["body"] != QUESTION));
}

#[tokio::test]
async fn a_route_whose_survey_is_off_asks_nobody() {
    let app = app_at(MIDWEEK).await;
    app.create_route(json!({})).await;
    chat(&app, ALICE, "Quote please", "Sure!").await;
    pass(&app, Duration::seconds(20)).await;
    pass(&app, Duration::days(2)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 0);
}

#[tokio::test]
async fn outside_business_hours_the_survey_waits_for_opening() {
    // Friday 2026-03-13, 16:58 in New York (EDT); open Mon–Fri 9–17.
    let app = app_at("2026-03-13T20:58:00Z").await;
    let day = json!({ "start": "09:00", "end": "17:00" });
    let hours = json!({ "businessHours": { "timezone": "America/New_York",
        "mon": day, "tue": day, "wed": day, "thu": day, "fri": day } });
    surveyed_route(&app, 1, hours).await;
    pass(&app, Duration::seconds(20)).await;
    chat(&app, ALICE, "Quick question", "Go ahead!").await;

    // 17:05: quiet, but closed.
    pass(&app, Duration::minutes(7)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 0, "held while closed");
    pass(&app, Duration::hours(20)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 0, "Saturday: still closed");

    // Monday 09:00 in New York: the route opens and the survey goes.
    app.clock.set(at("2026-03-16T13:00:00Z"));
    eventually("the survey at opening", || async {
        sent(&app, ALICE, QUESTION) == 1
    })
    .await;
    let surveys = app.state.store.csat_surveys(0, i64::MAX).await.unwrap();
    assert_eq!(
        surveys[0].sent_at,
        at("2026-03-16T13:00:00Z").timestamp_millis()
    );
}

#[tokio::test]
async fn a_survey_the_route_closes_on_before_it_goes_out_is_asked_again_at_opening() {
    let app = app_at(MIDWEEK).await;
    let route = surveyed_route(&app, 1, json!({})).await;
    pass(&app, Duration::seconds(20)).await;
    chat(&app, ALICE, "Quote please", "Sure!").await;

    // Twilio is down when the survey is queued, and the route closes meanwhile.
    app.twilio.set_default(Reply::Error {
        status: 503,
        code: 20500,
        message: "Service unavailable",
    });
    pass(&app, Duration::seconds(61)).await;
    assert_eq!(sent(&app, ALICE, QUESTION), 0);
    let mondays_only = json!({ "businessHours": { "timezone": "UTC", "mon": { "start": "09:00", "end": "17:00" } } });
    let closed = app
        .admin()
        .await
        .put(app.url(&format!("/api/routes/{}", route["id"].as_str().unwrap())))
        .json(&mondays_only)
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200);
    app.twilio.set_default(Reply::Accept);
    pass(&app, Duration::seconds(5)).await;

    assert_eq!(sent(&app, ALICE, QUESTION), 0, "not sent while closed");
    let thread = app.conversation(&app.admin().await, ALICE).await;
    let held = thread["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(
        (held["body"].as_str(), held["twilioStatus"].as_str()),
        (Some(QUESTION), Some("canceled"))
    );
    assert!(
        app.state
            .store
            .csat_surveys(0, i64::MAX)
            .await
            .unwrap()
            .is_empty(),
        "a survey held back was not sent"
    );

    // Monday 2026-03-16, 09:00 UTC: asked again, once.
    app.clock.set(at("2026-03-16T09:00:00Z"));
    eventually("the survey at opening", || async {
        sent(&app, ALICE, QUESTION) == 1
    })
    .await;
    app.settle().await;
    let surveys = app.state.store.csat_surveys(0, i64::MAX).await.unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!(
        surveys[0].sent_at,
        at("2026-03-16T09:00:00Z").timestamp_millis()
    );
}
