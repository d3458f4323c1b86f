//! The app's metrics, rendered in Prometheus' text format by `GET /metrics`
//! (`http::metrics`). Names and labels are listed in the README's
//! "Monitoring" section.
//!
//! Each app owns its recorder (`PrometheusBuilder::build_recorder`) instead
//! of installing one for the whole process: the integration tests run many
//! apps in one process, and each must count only its own webhooks and jobs,
//! which a global recorder (the `metrics` macros) would mix. Handles are
//! registered on the app's recorder directly; recording one is an atomic add
//! (histograms: a push into a lock-free buffer that `render` drains), so the
//! webhook and writer paths pay nanoseconds and never touch storage.

mod names;
mod queue;

pub use names::*;
pub use queue::QueueSeries;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use metrics::{Counter, Gauge, Histogram, Key, Label, Level, Metadata, Recorder};
use metrics_exporter_prometheus::{
    Matcher, PrometheusBuilder, PrometheusHandle, PrometheusRecorder,
};

/// The content type of Prometheus' text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// How often buffered histogram samples are folded into their buckets, so
/// memory stays bounded when nobody scrapes (metrics are recorded always,
/// exposed only with `METRICS_TOKEN`).
pub const UPKEEP_EVERY: Duration = Duration::from_secs(5);

const METADATA: Metadata<'static> =
    Metadata::new(module_path!(), Level::INFO, Some(module_path!()));

#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    sse_clients: Gauge,
    batch_size: Histogram,
    commit_seconds: Histogram,
    round_trip: Histogram,
    /// The queue series set at the last scrape (to zero those that emptied).
    queue_series: Mutex<Vec<(String, String)>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut builder = PrometheusBuilder::new();
        for (name, buckets) in BUCKETS {
            builder = builder
                .set_buckets_for_metric(Matcher::Full((*name).to_owned()), buckets)
                .expect("bucket lists are not empty");
        }
        let recorder = builder.build_recorder();
        describe_all(&recorder);
        let handle = recorder.handle();
        let register = |name: &'static str| Key::from_static_name(name);
        let metrics = Self(Arc::new(Inner {
            sse_clients: recorder.register_gauge(&register(SSE_CLIENTS), &METADATA),
            batch_size: recorder.register_histogram(&register(WRITER_BATCH_SIZE), &METADATA),
            commit_seconds: recorder
                .register_histogram(&register(WRITER_COMMIT_SECONDS), &METADATA),
            round_trip: recorder.register_histogram(&register(ROUND_TRIP_SECONDS), &METADATA),
            recorder,
            handle,
            queue_series: Mutex::default(),
        }));
        let build = [
            Label::new("version", env!("CARGO_PKG_VERSION")),
            Label::new("os", std::env::consts::OS),
            Label::new("arch", std::env::consts::ARCH),
        ];
        metrics.gauge(BUILD_INFO, build.to_vec()).set(1.0);
        metrics.0.sse_clients.set(0.0);
        metrics
    }

    /// A provider webhook was answered: `result` is what became of it
    /// (`stored`, `duplicate`, an error code such as `invalid_signature`).
    pub fn webhook_answered(&self, kind: &'static str, result: &'static str, took: Duration) {
        self.counter(
            WEBHOOKS_TOTAL,
            vec![Label::new("kind", kind), Label::new("result", result)],
        )
        .increment(1);
        self.histogram(WEBHOOK_DURATION_SECONDS, vec![Label::new("kind", kind)])
            .record(took.as_secs_f64());
    }

    /// A job's call to `provider` failed and will be tried again.
    pub fn provider_retry(&self, provider: &'static str, code: &str) {
        self.counter(PROVIDER_RETRIES_TOTAL, provider_labels(provider, code))
            .increment(1);
    }

    /// A job's call to `provider` failed for good (refused, or out of attempts).
    pub fn provider_failure(&self, provider: &'static str, code: &str) {
        self.counter(PROVIDER_FAILURES_TOTAL, provider_labels(provider, code))
            .increment(1);
    }

    /// A bot reply was handed to Twilio `took` after its customer's text was stored.
    pub fn round_trip(&self, took: Duration) {
        self.0.round_trip.record(took.as_secs_f64());
    }

    /// Counts one live-event listener for as long as the guard lives.
    pub fn sse_client(&self) -> SseClient {
        self.0.sse_clients.increment(1.0);
        SseClient(self.0.sse_clients.clone())
    }

    /// A scheduled backup was written at `taken_at` (Unix seconds).
    pub fn backup_written(&self, taken_at: f64) {
        self.counter(BACKUPS_TOTAL, vec![Label::new("result", "ok")])
            .increment(1);
        self.newest_backup(taken_at);
    }

    /// The newest scheduled copy in the folder was written at `taken_at`
    /// (found at start, or just written).
    pub fn newest_backup(&self, taken_at: f64) {
        self.gauge(BACKUP_LAST_SUCCESS, Vec::new()).set(taken_at);
    }

    /// A scheduled backup failed (it is tried again at the next interval).
    pub fn backup_failed(&self) {
        self.counter(BACKUPS_TOTAL, vec![Label::new("result", "failed")])
            .increment(1);
    }

    /// The writer committed `operations` operations in one transaction.
    pub fn group_commit(&self, operations: usize, took: Duration) {
        self.0.batch_size.record(operations as f64);
        self.0.commit_seconds.record(took.as_secs_f64());
    }

    /// The text exposition, with the queue gauges set from `queue` (read
    /// from storage at scrape time).
    pub fn render(&self, queue: &[QueueSeries]) -> String {
        let mut previous = self
            .0
            .queue_series
            .lock()
            .expect("the queue series lock is never poisoned");
        *previous = queue::set(self, queue, &previous);
        self.0.handle.render()
    }

    /// Folds buffered histogram samples into their buckets.
    pub fn run_upkeep(&self) {
        self.0.handle.run_upkeep();
    }

    fn counter(&self, name: &'static str, labels: Vec<Label>) -> Counter {
        self.0
            .recorder
            .register_counter(&Key::from_parts(name, labels), &METADATA)
    }

    fn gauge(&self, name: &'static str, labels: Vec<Label>) -> Gauge {
        self.0
            .recorder
            .register_gauge(&Key::from_parts(name, labels), &METADATA)
    }

    fn histogram(&self, name: &'static str, labels: Vec<Label>) -> Histogram {
        self.0
            .recorder
            .register_histogram(&Key::from_parts(name, labels), &METADATA)
    }
}

/// Keeps `closebot_sse_clients` counting one listener until dropped.
pub struct SseClient(Gauge);

impl Drop for SseClient {
    fn drop(&mut self) {
        self.0.decrement(1.0);
    }
}

/// Provider error codes come from the providers' answers: anything that is
/// not a short code becomes `other`, so a strange answer cannot create
/// endless series.
fn provider_labels(provider: &'static str, code: &str) -> Vec<Label> {
    let sane = (1..=24).contains(&code.len())
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let code = if sane {
        code.to_owned()
    } else {
        "other".to_owned()
    };
    vec![Label::new("provider", provider), Label::new("code", code)]
}

/// Folds buffered samples into buckets every `UPKEEP_EVERY`, until aborted.
pub async fn upkeep(metrics: Metrics) {
    let mut every = tokio::time::interval(UPKEEP_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        metrics.run_upkeep();
    }
}

#[cfg(test)]
mod tests;
