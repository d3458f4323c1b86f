//! The outbox gauges, set from storage at each scrape (never on the paths
//! that queue or run jobs).

use metrics::Label;

use super::{Metrics, QUEUE_JOBS, QUEUE_OLDEST_AGE_SECONDS};

/// One kind and state of jobs, as storage counted them.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueSeries {
    pub kind: String,
    pub state: String,
    pub jobs: i64,
    pub oldest_age_seconds: f64,
}

/// Sets the gauges of `series`, zeroes those of `previous` that are gone
/// (their jobs all finished; a zeroed gauge stays at 0), and returns the
/// series set now.
pub(super) fn set(
    metrics: &Metrics,
    series: &[QueueSeries],
    previous: &[(String, String)],
) -> Vec<(String, String)> {
    let labels = |kind: &str, state: &str| {
        vec![
            Label::new("kind", kind.to_owned()),
            Label::new("state", state.to_owned()),
        ]
    };
    for (kind, state) in previous {
        if !series.iter().any(|s| &s.kind == kind && &s.state == state) {
            metrics.gauge(QUEUE_JOBS, labels(kind, state)).set(0.0);
            metrics
                .gauge(QUEUE_OLDEST_AGE_SECONDS, labels(kind, state))
                .set(0.0);
        }
    }
    for s in series {
        metrics
            .gauge(QUEUE_JOBS, labels(&s.kind, &s.state))
            .set(s.jobs as f64);
        metrics
            .gauge(QUEUE_OLDEST_AGE_SECONDS, labels(&s.kind, &s.state))
            .set(s.oldest_age_seconds.max(0.0));
    }
    series
        .iter()
        .map(|s| (s.kind.clone(), s.state.clone()))
        .collect()
}
