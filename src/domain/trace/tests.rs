use super::*;

fn traced(id: i64, message_id: i64, hop: Hop) -> TracedHop {
    TracedHop {
        id,
        message_id,
        hop,
    }
}

#[test]
fn each_verdict_of_the_eligibility_rule_becomes_a_status_and_a_reason() {
    let sent = Hop::of_verdict(HopKind::QueuedForBot, Verdict::Send, 5);
    assert_eq!((sent.status, sent.detail.reason), (HopStatus::Ok, None));

    let held = Hop::of_verdict(HopKind::QueuedForBot, Verdict::Hold { until: Some(900) }, 5);
    assert_eq!(held.status, HopStatus::Pending);
    assert_eq!(held.detail.reason, Some(SkipReason::ClosedHours));
    assert_eq!(held.detail.retry_at, Some(900));

    let cases = [
        (Withheld::OptedOut, SkipReason::OptedOut),
        (Withheld::HumanMode, SkipReason::HumanMode),
        (Withheld::RouteInactive, SkipReason::RoutePaused),
        (Withheld::Closed, SkipReason::ClosedHours),
        (Withheld::NoRoute, SkipReason::Withheld),
        (Withheld::RouteDeleted, SkipReason::Withheld),
    ];
    for (why, reason) in cases {
        let hop = Hop::of_verdict(HopKind::SentToTwilio, Verdict::Withhold(why), 5);
        assert_eq!(hop.status, HopStatus::Skipped, "{why:?}");
        assert_eq!(hop.detail.reason, Some(reason), "{why:?}");
        assert_eq!(hop.detail.reason_text.as_deref(), Some(why.reason()));
    }
}

#[test]
fn kinds_and_statuses_survive_storage() {
    for kind in [
        HopKind::WebhookReceived,
        HopKind::Stored,
        HopKind::QueuedForBot,
        HopKind::ForwardedToBot,
        HopKind::BotReplyReceived,
        HopKind::QueuedForSend,
        HopKind::SentToTwilio,
        HopKind::StatusCallback,
        HopKind::StatusLookup,
    ] {
        assert_eq!(HopKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(HopStatus::parse("pending"), Some(HopStatus::Pending));
    assert_eq!(HopKind::parse("teleported"), None);
}

#[test]
fn the_detail_leaves_out_what_it_does_not_know() {
    let hop = Hop::ok(HopKind::SentToTwilio, 1).with(|d| {
        d.http_status = Some(201);
        d.twilio_sid = Some("SM1".into());
    });
    let json = serde_json::to_string(&hop.detail).unwrap();
    assert_eq!(json, r#"{"httpStatus":201,"twilioSid":"SM1"}"#);
    let back: HopDetail = serde_json::from_str(&json).unwrap();
    assert_eq!(back, hop.detail);
}

#[test]
fn the_timeline_is_ordered_by_time_then_by_recording_and_measures_the_gaps() {
    let hops = vec![
        traced(3, 1, Hop::ok(HopKind::ForwardedToBot, 1_120)),
        traced(2, 1, Hop::ok(HopKind::QueuedForBot, 1_000)),
        traced(1, 1, Hop::ok(HopKind::Stored, 1_000)),
        traced(4, 2, Hop::ok(HopKind::BotReplyReceived, 65_120)),
    ];
    let line = timeline(hops);
    let kinds: Vec<HopKind> = line.iter().map(|h| h.hop.kind).collect();
    assert_eq!(
        kinds,
        [
            HopKind::Stored,
            HopKind::QueuedForBot,
            HopKind::ForwardedToBot,
            HopKind::BotReplyReceived
        ]
    );
    let gaps: Vec<Option<i64>> = line.iter().map(|h| h.since_previous_ms).collect();
    assert_eq!(gaps, [None, Some(0), Some(120), Some(64_000)]);
    assert_eq!(line[3].message_id, 2);
}

#[test]
fn steps_of_the_same_instant_follow_the_pipeline_whatever_order_they_were_noted_in() {
    let line = timeline(vec![
        traced(1, 2, Hop::ok(HopKind::QueuedForSend, 7)),
        traced(2, 2, Hop::ok(HopKind::BotReplyReceived, 7)),
    ]);
    assert_eq!(line[0].hop.kind, HopKind::BotReplyReceived);
    assert_eq!(line[1].hop.kind, HopKind::QueuedForSend);
}

fn failed_attempt(at: i64, attempt: i64, retry_at: Option<i64>) -> Hop {
    Hop::new(HopKind::ForwardedToBot, HopStatus::Failed, at).with(|d| {
        d.attempt = Some(attempt);
        d.http_status = Some(503);
        d.retry_at = retry_at;
    })
}

#[test]
fn a_failed_attempt_with_a_retry_to_come_leaves_its_step_pending() {
    let line = timeline(vec![
        traced(1, 1, Hop::ok(HopKind::QueuedForBot, 0)),
        traced(2, 1, failed_attempt(10, 1, Some(5_000))),
    ]);
    assert_eq!(line.len(), 3);
    let waiting = &line[2].hop;
    assert_eq!(
        (waiting.kind, waiting.status),
        (HopKind::ForwardedToBot, HopStatus::Pending)
    );
    assert_eq!(waiting.detail.reason, Some(SkipReason::WaitingForRetry));
    assert_eq!(waiting.detail.retry_at, Some(5_000));
    assert_eq!(waiting.detail.attempt, Some(2));
}

#[test]
fn a_retried_or_abandoned_attempt_is_not_pending() {
    let retried = timeline(vec![
        traced(1, 1, failed_attempt(10, 1, Some(50))),
        traced(2, 1, Hop::ok(HopKind::ForwardedToBot, 50)),
    ]);
    assert!(retried.iter().all(|h| h.hop.status != HopStatus::Pending));
    let given_up = timeline(vec![traced(1, 1, failed_attempt(10, 20, None))]);
    assert_eq!(given_up.len(), 1);
}
