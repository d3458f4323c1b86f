//! One test per reason the tracer gives for a step that did not happen:
//! each comes from the eligibility rule's verdict (or the retry schedule).

use std::time::Duration;

use chrono::{DateTime, Utc};
use closebot_sms::clock::Clock;
use serde_json::{json, Value};

use super::{hop, hops, kinds, message_id, trace_of};
use crate::support::fake_closebot::Reply as BotReply;
use crate::support::{eventually, spawn_app, spawn_app_with, Setup, TestApp};

const CUSTOMER: &str = "+15551230901";

/// The customer's latest text's hop on its way to the bot.
async fn queued_for_bot(app: &TestApp, index: usize) -> Value {
    let admin = app.admin().await;
    let id = message_id(app, &admin, CUSTOMER, index).await;
    let trace = trace_of(app, &admin, &id).await;
    assert_eq!(
        kinds(&trace)[..3],
        ["webhookReceived", "stored", "queuedForBot"]
    );
    hop(&trace, "queuedForBot").clone()
}

#[tokio::test]
async fn a_text_from_an_opted_out_contact_is_not_forwarded_because_they_opted_out() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "STOP").await;
    app.text_in(CUSTOMER, "actually, one more question").await;
    app.settle().await;

    let queued = queued_for_bot(&app, 1).await;

    assert_eq!(queued["status"], "skipped");
    assert_eq!(queued["reason"], "optedOut");
    assert_eq!(queued["optOutKeyword"], "STOP");
    assert!(queued["optedOutAt"].is_string(), "{queued:#}");
    assert!(app.closebot.events().is_empty());
}

#[tokio::test]
async fn a_text_in_a_conversation_a_person_took_over_is_not_forwarded_because_of_human_mode() {
    let app = spawn_app().await;
    app.create_route(json!({})).await;
    app.text_in(CUSTOMER, "Can I talk to a person?").await;
    let admin = app.admin().await;
    let contact_id = app.conversation(&admin, CUSTOMER).await["contact"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let sent = admin
        .post(app.url(&format!("/api/conversations/{contact_id}/send")))
        .json(&json!({ "body": "Hi, Dana here." }))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 202);
    app.text_in(CUSTOMER, "Thanks Dana").await;
    app.settle().await;

    let queued = queued_for_bot(&app, 2).await;

    assert_eq!(queued["status"], "skipped");
    assert_eq!(queued["reason"], "humanMode");
    let manual = message_id(&app, &admin, CUSTOMER, 1).await;
    let trace = trace_of(&app, &admin, &manual).await;
    assert_eq!(kinds(&trace), ["queuedForSend", "sentToTwilio"]);
    assert_eq!(
        hop(&trace, "queuedForSend")["note"],
        "A manual reply from the dashboard"
    );
}

#[tokio::test]
async fn a_text_outside_business_hours_is_held_until_the_route_opens() {
    // Saturday 2026-11-28, 10:00 in New York.
    let clock = Clock::manual("2026-11-28T15:00:00Z".parse::<DateTime<Utc>>().unwrap());
    let app = spawn_app_with(Setup {
        clock: clock.clone(),
        ..Setup::default()
    })
    .await;
    let day = json!({ "start": "09:00", "end": "17:00" });
    app.create_route(json!({ "businessHours": {
        "timezone": "America/New_York", "mon": day, "tue": day, "wed": day, "thu": day, "fri": day
    } }))
    .await;
    app.text_in(CUSTOMER, "Open today?").await;
    app.settle().await;

    let queued = queued_for_bot(&app, 0).await;

    assert_eq!(queued["status"], "pending");
    assert_eq!(queued["reason"], "closedHours");
    // Monday 09:00 in New York.
    assert_eq!(queued["retryAt"], "2026-11-30T14:00:00.000Z");

    clock.set("2026-11-30T14:00:00Z".parse().unwrap());
    eventually("the held text to reach the bot", || async {
        app.closebot.events().len() == 1
    })
    .await;
    app.settle().await;
    let admin = app.admin().await;
    let id = message_id(&app, &admin, CUSTOMER, 0).await;
    let trace = trace_of(&app, &admin, &id).await;
    assert_eq!(hop(&trace, "forwardedToBot")["status"], "ok");
    assert_eq!(
        hop(&trace, "forwardedToBot")["sincePreviousMs"],
        2 * 86_400_000 - 3_600_000
    );
}

#[tokio::test]
async fn a_text_to_a_paused_route_is_not_forwarded_because_the_route_is_paused() {
    let app = spawn_app().await;
    app.create_route(json!({ "active": false })).await;
    app.text_in(CUSTOMER, "Anyone there?").await;
    app.settle().await;

    let queued = queued_for_bot(&app, 0).await;

    assert_eq!(queued["status"], "skipped");
    assert_eq!(queued["reason"], "routePaused");
    assert_eq!(
        queued["reasonText"],
        "Not sent: the number's route is switched off"
    );
}

#[tokio::test]
async fn a_text_to_a_number_without_a_route_is_withheld_with_the_rules_words() {
    let app = spawn_app().await;
    let route = app.create_route(json!({})).await;
    let admin = app.admin().await;
    let deleted = admin
        .delete(app.url(&format!("/api/routes/{}", route["id"].as_str().unwrap())))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 204);
    app.text_in(CUSTOMER, "Hello?").await;
    app.settle().await;

    let queued = queued_for_bot(&app, 0).await;

    assert_eq!(queued["status"], "skipped");
    assert_eq!(queued["reason"], "withheld");
    assert_eq!(
        queued["reasonText"],
        "Not sent: no route answers this number"
    );
}

#[tokio::test]
async fn a_forward_closebot_failed_waits_for_its_retry_at_the_time_scheduled() {
    let app = spawn_app_with(Setup {
        retry: closebot_sms::queue::RetryPolicy {
            base_delay: Duration::from_secs(600),
            max_delay: Duration::from_secs(600),
            ..Setup::default().retry
        },
        ..Setup::default()
    })
    .await;
    app.create_route(json!({})).await;
    app.closebot.script([BotReply::Status(503)]);
    app.text_in(CUSTOMER, "Is this thing on?").await;
    eventually("CloseBot to be tried once", || async {
        app.closebot.event_attempts() == 1
    })
    .await;
    app.settle().await;
    let admin = app.admin().await;
    let id = message_id(&app, &admin, CUSTOMER, 0).await;

    let trace = trace_of(&app, &admin, &id).await;

    let line = kinds(&trace);
    assert_eq!(line[line.len() - 2..], ["forwardedToBot", "forwardedToBot"]);
    let hops = super::hops(&trace);
    let (failed, waiting) = (&hops[hops.len() - 2], &hops[hops.len() - 1]);
    assert_eq!(failed["status"], "failed");
    assert_eq!(
        (failed["attempt"].as_i64(), failed["httpStatus"].as_i64()),
        (Some(1), Some(503))
    );
    assert!(
        failed["error"].as_str().unwrap().contains("503"),
        "{failed:#}"
    );
    assert_eq!(waiting["status"], "pending");
    assert_eq!(waiting["reason"], "waitingForRetry");
    assert_eq!(waiting["attempt"], 2);
    let at: DateTime<Utc> = failed["at"].as_str().unwrap().parse().unwrap();
    let retry_at: DateTime<Utc> = waiting["retryAt"].as_str().unwrap().parse().unwrap();
    let wait = retry_at - at;
    assert!(
        wait >= chrono::Duration::seconds(299) && wait <= chrono::Duration::seconds(601),
        "the retry is due after the backoff (5 to 10 minutes with jitter): {wait}"
    );
    assert_eq!(failed["retryAt"], waiting["retryAt"]);
}

#[tokio::test]
async fn the_after_hours_reply_the_app_sends_itself_is_part_of_the_texts_trace() {
    // Saturday 2026-11-28, 10:00 in New York.
    let clock = Clock::manual("2026-11-28T15:00:00Z".parse::<DateTime<Utc>>().unwrap());
    let app = spawn_app_with(Setup {
        clock,
        ..Setup::default()
    })
    .await;
    let day = json!({ "start": "09:00", "end": "17:00" });
    app.create_route(json!({
        "afterHoursReply": "We're closed; we'll text you on Monday.",
        "businessHours": { "timezone": "America/New_York", "mon": day, "fri": day }
    }))
    .await;
    app.text_in(CUSTOMER, "Open today?").await;
    eventually("the after-hours reply to reach Twilio", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    app.settle().await;

    let admin = app.admin().await;
    let text = message_id(&app, &admin, CUSTOMER, 0).await;
    let reply = message_id(&app, &admin, CUSTOMER, 1).await;
    let trace = trace_of(&app, &admin, &text).await;

    let of_the_reply: Vec<&str> = hops(&trace)
        .iter()
        .filter(|h| h["messageId"] == reply.as_str())
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(of_the_reply, ["queuedForSend", "sentToTwilio"], "{trace:#}");
    assert_eq!(hop(&trace, "queuedForBot")["reason"], "closedHours");
    let from_the_reply = trace_of(&app, &admin, &reply).await;
    assert_eq!(from_the_reply["messageId"], reply.as_str());
    assert_eq!(kinds(&from_the_reply), kinds(&trace));
}
