//! A round trip's hops as one timeline: in order, with the time since the
//! previous hop, and a step still waiting for its retry shown as pending.

use super::{Hop, HopKind, HopStatus, SkipReason};

/// A stored hop: its row id (the order of hops recorded at the same instant)
/// and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TracedHop {
    pub id: i64,
    pub message_id: i64,
    pub hop: Hop,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineHop {
    pub message_id: i64,
    pub hop: Hop,
    /// Since the previous hop of the timeline (none for the first).
    pub since_previous_ms: Option<i64>,
}

/// Orders the hops (by time; steps of the same instant in the pipeline's
/// order, then as recorded), adds a pending hop after a provider attempt
/// that failed and waits for its retry, and measures the time between hops
/// (never negative).
pub fn timeline(mut hops: Vec<TracedHop>) -> Vec<TimelineHop> {
    hops.sort_by_key(|h| (h.hop.at_ms, h.hop.kind, h.id));
    let mut ordered: Vec<(i64, Hop)> = Vec::with_capacity(hops.len() + 1);
    for (index, traced) in hops.iter().enumerate() {
        ordered.push((traced.message_id, traced.hop.clone()));
        if let Some(waiting) = waiting_for_retry(traced, &hops[index + 1..]) {
            ordered.push((traced.message_id, waiting));
        }
    }
    let mut previous: Option<i64> = None;
    ordered
        .into_iter()
        .map(|(message_id, hop)| {
            let since_previous_ms = previous.map(|p| (hop.at_ms - p).max(0));
            previous = Some(hop.at_ms);
            TimelineHop {
                message_id,
                hop,
                since_previous_ms,
            }
        })
        .collect()
}

/// A failed attempt with a retry scheduled and no attempt after it: the
/// step is pending until `retryAt`.
fn waiting_for_retry(traced: &TracedHop, later: &[TracedHop]) -> Option<Hop> {
    let hop = &traced.hop;
    let attempted = matches!(hop.kind, HopKind::ForwardedToBot | HopKind::SentToTwilio);
    let retry_at = hop.detail.retry_at?;
    if !attempted || hop.status != HopStatus::Failed {
        return None;
    }
    let tried_since = later
        .iter()
        .any(|h| h.message_id == traced.message_id && h.hop.kind == hop.kind);
    if tried_since {
        return None;
    }
    Some(Hop::new(hop.kind, HopStatus::Pending, hop.at_ms).with(|d| {
        d.reason = Some(SkipReason::WaitingForRetry);
        d.retry_at = Some(retry_at);
        d.attempt = hop.detail.attempt.map(|a| a + 1);
        d.reason_text = Some("Waiting for the next attempt".into());
    }))
}
