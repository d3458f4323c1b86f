use std::time::Duration;

use super::*;

/// The value of the series `name{labels}` in a rendered exposition.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.parse().ok())
}

#[test]
fn counters_move_with_their_labels() {
    let metrics = Metrics::new();
    metrics.webhook_answered("twilio_inbound", "stored", Duration::from_millis(3));
    metrics.webhook_answered("twilio_inbound", "stored", Duration::from_millis(4));
    metrics.webhook_answered(
        "twilio_inbound",
        "invalid_signature",
        Duration::from_millis(1),
    );
    let text = metrics.render(&[]);
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
            r#"closebot_webhooks_total{kind="twilio_inbound",result="invalid_signature"}"#
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            &text,
            r#"closebot_webhook_duration_seconds_count{kind="twilio_inbound"}"#
        ),
        Some(3.0)
    );
    assert!(
        text.contains("# TYPE closebot_webhook_duration_seconds histogram"),
        "{text}"
    );
    assert!(text.contains("# HELP closebot_webhooks_total "), "{text}");
}

#[test]
fn two_apps_in_one_process_count_apart() {
    let (one, other) = (Metrics::new(), Metrics::new());
    one.provider_failure("twilio", "21211");
    assert_eq!(
        value(
            &one.render(&[]),
            r#"closebot_provider_failures_total{provider="twilio",code="21211"}"#
        ),
        Some(1.0)
    );
    assert!(!other
        .render(&[])
        .contains("closebot_provider_failures_total{"));
}

#[test]
fn strange_provider_codes_do_not_make_new_series() {
    let metrics = Metrics::new();
    metrics.provider_retry("closebot", "503");
    metrics.provider_retry("closebot", "a code with spaces");
    metrics.provider_retry("closebot", &"9".repeat(100));
    let text = metrics.render(&[]);
    assert_eq!(
        value(
            &text,
            r#"closebot_provider_retries_total{provider="closebot",code="other"}"#
        ),
        Some(2.0)
    );
    assert_eq!(
        value(
            &text,
            r#"closebot_provider_retries_total{provider="closebot",code="503"}"#
        ),
        Some(1.0)
    );
}

#[test]
fn queue_gauges_follow_each_scrape_and_fall_to_zero_when_emptied() {
    let metrics = Metrics::new();
    let stuck = QueueSeries {
        kind: "send_sms".into(),
        state: "ready".into(),
        jobs: 3,
        oldest_age_seconds: 42.5,
    };
    let text = metrics.render(std::slice::from_ref(&stuck));
    assert_eq!(
        value(
            &text,
            r#"closebot_queue_jobs{kind="send_sms",state="ready"}"#
        ),
        Some(3.0)
    );
    assert_eq!(
        value(
            &text,
            r#"closebot_queue_oldest_age_seconds{kind="send_sms",state="ready"}"#
        ),
        Some(42.5)
    );
    let text = metrics.render(&[]);
    assert_eq!(
        value(
            &text,
            r#"closebot_queue_jobs{kind="send_sms",state="ready"}"#
        ),
        Some(0.0)
    );
}

#[test]
fn listeners_writer_commits_round_trips_and_the_build_are_shown() {
    let metrics = Metrics::new();
    let (first, second) = (metrics.sse_client(), metrics.sse_client());
    assert_eq!(
        value(&metrics.render(&[]), "closebot_sse_clients"),
        Some(2.0)
    );
    drop((first, second));
    metrics.group_commit(17, Duration::from_millis(2));
    metrics.round_trip(Duration::from_millis(1500));
    metrics.run_upkeep();
    let text = metrics.render(&[]);
    assert_eq!(value(&text, "closebot_sse_clients"), Some(0.0));
    assert_eq!(
        value(&text, r#"closebot_writer_batch_size_bucket{le="16"}"#),
        Some(0.0)
    );
    assert_eq!(
        value(&text, r#"closebot_writer_batch_size_bucket{le="32"}"#),
        Some(1.0)
    );
    assert_eq!(
        value(&text, "closebot_writer_commit_seconds_count"),
        Some(1.0)
    );
    assert_eq!(
        value(&text, r#"closebot_round_trip_seconds_bucket{le="2"}"#),
        Some(1.0)
    );
    let build = format!(
        r#"closebot_build_info{{version="{}",os="{}",arch="{}"}}"#,
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    assert_eq!(value(&text, &build), Some(1.0), "{text}");
}
