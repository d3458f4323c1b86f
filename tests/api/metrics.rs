//! `GET /metrics`: off without `METRICS_TOKEN`, bearer-protected with it,
//! and the series named in the README move with what the app does.

mod backups;

use std::time::Duration;

use serde_json::json;

use crate::support::fake_closebot::Reply as BotReply;
use crate::support::{
    eventually, inbound_params, new_sid, spawn_app, spawn_app_with, Setup, TestApp, OUR_NUMBER,
};

const TOKEN: &str = "scrape-me-0123456789";
const ALICE: &str = "+15551239001";
const BOB: &str = "+15551239002";

async fn app_with_metrics() -> TestApp {
    app_with_metrics_and(Setup::default()).await
}

async fn app_with_metrics_and(setup: Setup) -> TestApp {
    spawn_app_with(Setup {
        configure: Box::new(|config| config.metrics_token = Some(TOKEN.to_owned().into())),
        ..setup
    })
    .await
}

/// A scrape with the right token.
async fn scrape(app: &TestApp) -> String {
    let response = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.text().await.unwrap()
}

/// The value of `series` (name with its labels, as rendered) in a scrape.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.parse().ok())
}

async fn eventually_value(app: &TestApp, series: &str, expected: f64) {
    eventually(&format!("{series} to be {expected}"), || async {
        value(&scrape(app).await, series) == Some(expected)
    })
    .await;
}

#[tokio::test]
async fn metrics_are_not_exposed_without_a_token() {
    let app = spawn_app().await;

    let response = app.client.get(app.url("/metrics")).send().await.unwrap();

    assert_eq!(response.status(), 404);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn metrics_need_the_bearer_token() {
    let app = app_with_metrics().await;
    let url = app.url("/metrics");

    let anonymous = app.client.get(&url).send().await.unwrap();
    let wrong = app
        .client
        .get(&url)
        .bearer_auth("scrape-me-0123456788")
        .send();
    let basic = app
        .client
        .get(&url)
        .basic_auth("prometheus", Some(TOKEN))
        .send();
    let signed_in = app.admin().await.get(&url).send().await.unwrap();

    assert_eq!(anonymous.status(), 401);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    assert_eq!(wrong.await.unwrap().status(), 401);
    assert_eq!(basic.await.unwrap().status(), 401);
    assert_eq!(
        signed_in.status(),
        401,
        "a dashboard session is not the token"
    );
    let response = app
        .client
        .get(&url)
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let text = response.text().await.unwrap();
    let build = format!(
        r#"closebot_build_info{{version="{}",os="{}",arch="{}"}}"#,
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    assert_eq!(value(&text, &build), Some(1.0), "{text}");
}

#[tokio::test]
async fn a_round_trip_moves_the_webhook_round_trip_and_writer_series() {
    let app = app_with_metrics().await;
    app.create_route(json!({})).await;
    app.closebot.auto_reply_to(&app.callback_url());

    app.text_in(ALICE, "Is it still available?").await;
    eventually("the bot's reply to reach Twilio", || async {
        app.twilio.sent().len() == 1
    })
    .await;
    let forged = app
        .client
        .post(app.url("/api/webhooks/twilio/inbound"))
        .header("X-Twilio-Signature", "bm90IGEgc2lnbmF0dXJl")
        .form(&inbound_params(&new_sid(), BOB, OUR_NUMBER, "hi"))
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);

    eventually_value(&app, "closebot_round_trip_seconds_count", 1.0).await;
    let text = scrape(&app).await;
    let webhooks = |kind: &str, result: &str| {
        value(
            &text,
            &format!(r#"closebot_webhooks_total{{kind="{kind}",result="{result}"}}"#),
        )
    };
    assert_eq!(webhooks("twilio_inbound", "stored"), Some(1.0), "{text}");
    assert_eq!(webhooks("twilio_inbound", "invalid_signature"), Some(1.0));
    assert_eq!(webhooks("closebot_response", "queued"), Some(1.0));
    assert_eq!(
        value(
            &text,
            r#"closebot_webhook_duration_seconds_count{kind="twilio_inbound"}"#
        ),
        Some(2.0)
    );
    assert!(text.contains("# TYPE closebot_round_trip_seconds histogram"));
    assert_eq!(
        value(&text, r#"closebot_round_trip_seconds_bucket{le="+Inf"}"#),
        Some(1.0)
    );
    let commits = value(&text, "closebot_writer_batch_size_count").unwrap_or_default();
    assert!(
        commits >= 3.0,
        "the writer committed the text, the reply and the send: {text}"
    );
    assert_eq!(
        value(&text, "closebot_writer_commit_seconds_count"),
        value(&text, "closebot_writer_batch_size_count")
    );

    // The same text again is a duplicate, counted as one.
    let sid = new_sid();
    for _ in 0..2 {
        let params = inbound_params(&sid, BOB, OUR_NUMBER, "twice");
        assert_eq!(
            app.post_twilio("/api/webhooks/twilio/inbound", &params)
                .await
                .status(),
            200
        );
    }
    let text = scrape(&app).await;
    assert_eq!(
        value(
            &text,
            r#"closebot_webhooks_total{kind="twilio_inbound",result="stored"}"#
        ),
        Some(2.0)
    );
    assert_eq!(
        value(
            &text,
            r#"closebot_webhooks_total{kind="twilio_inbound",result="duplicate"}"#
        ),
        Some(1.0)
    );
}

#[tokio::test]
async fn provider_retries_and_refusals_are_counted_by_provider_and_code() {
    let app = app_with_metrics().await;
    app.create_route(json!({})).await;
    app.closebot.script([BotReply::Status(503)]);
    app.closebot.auto_reply_to(&app.callback_url());
    app.twilio
        .reject_recipient(ALICE, 400, 21211, "Invalid 'To' Phone Number");

    app.text_in(ALICE, "hello").await;

    eventually_value(
        &app,
        r#"closebot_provider_failures_total{provider="twilio",code="21211"}"#,
        1.0,
    )
    .await;
    let text = scrape(&app).await;
    assert_eq!(
        value(
            &text,
            r#"closebot_provider_retries_total{provider="closebot",code="503"}"#
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(value(&text, "closebot_round_trip_seconds_count"), Some(0.0));
}

#[tokio::test]
async fn queue_gauges_show_a_stuck_forward_and_the_text_waiting_behind_it() {
    // One failure puts the forward a minute away: it sits, visibly.
    let mut setup = Setup::default();
    setup.retry.base_delay = Duration::from_secs(60);
    setup.retry.max_delay = Duration::from_secs(60);
    let app = app_with_metrics_and(setup).await;
    app.create_route(json!({})).await;
    app.closebot.set_default(BotReply::Status(503));

    app.text_in(ALICE, "first").await;
    eventually("CloseBot to refuse the forward", || async {
        app.closebot.event_attempts() >= 1
    })
    .await;
    app.text_in(ALICE, "second").await;

    eventually_value(
        &app,
        r#"closebot_queue_jobs{kind="forward_to_bot",state="waiting"}"#,
        1.0,
    )
    .await;
    eventually_value(
        &app,
        r#"closebot_queue_jobs{kind="forward_to_bot",state="ready"}"#,
        1.0,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let text = scrape(&app).await;
    let oldest = value(
        &text,
        r#"closebot_queue_oldest_age_seconds{kind="forward_to_bot",state="ready"}"#,
    )
    .unwrap();
    assert!(oldest >= 1.0, "the stuck forward ages: {oldest}");
    assert!(
        value(
            &text,
            r#"closebot_queue_jobs{kind="check_status",state="ready"}"#
        )
        .is_some(),
        "the standing sweeps are shown too: {text}"
    );
}

#[tokio::test]
async fn open_live_event_streams_are_counted() {
    let app = app_with_metrics().await;
    let admin = app.admin().await;
    assert_eq!(
        value(&scrape(&app).await, "closebot_sse_clients"),
        Some(0.0)
    );

    let stream = admin
        .get(app.url("/api/dashboard/activity"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    eventually_value(&app, "closebot_sse_clients", 1.0).await;

    drop(stream);
    eventually_value(&app, "closebot_sse_clients", 0.0).await;
}
