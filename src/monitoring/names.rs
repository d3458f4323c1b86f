//! Every metric's name, help text and (for histograms) buckets, in one place.

use metrics::{Recorder, Unit};
use metrics_exporter_prometheus::PrometheusRecorder;

pub const WEBHOOKS_TOTAL: &str = "closebot_webhooks_total";
pub const WEBHOOK_DURATION_SECONDS: &str = "closebot_webhook_duration_seconds";
pub const QUEUE_JOBS: &str = "closebot_queue_jobs";
pub const QUEUE_OLDEST_AGE_SECONDS: &str = "closebot_queue_oldest_age_seconds";
pub const PROVIDER_RETRIES_TOTAL: &str = "closebot_provider_retries_total";
pub const PROVIDER_FAILURES_TOTAL: &str = "closebot_provider_failures_total";
pub const ROUND_TRIP_SECONDS: &str = "closebot_round_trip_seconds";
pub const SSE_CLIENTS: &str = "closebot_sse_clients";
pub const WRITER_BATCH_SIZE: &str = "closebot_writer_batch_size";
pub const WRITER_COMMIT_SECONDS: &str = "closebot_writer_commit_seconds";
pub const BUILD_INFO: &str = "closebot_build_info";
pub const BACKUPS_TOTAL: &str = "closebot_backups_total";
pub const BACKUP_LAST_SUCCESS: &str = "closebot_backup_last_success_timestamp_seconds";

/// Histogram buckets (without them the exporter would render summaries).
pub(super) const BUCKETS: &[(&str, &[f64])] = &[
    (
        WEBHOOK_DURATION_SECONDS,
        &[
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ],
    ),
    (
        // A bot takes seconds to answer; texts held for business hours land far right.
        ROUND_TRIP_SECONDS,
        &[
            0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 3600.0,
        ],
    ),
    (
        // The writer folds at most 256 operations into one commit.
        WRITER_BATCH_SIZE,
        &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0],
    ),
    (
        WRITER_COMMIT_SECONDS,
        &[
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0,
        ],
    ),
];

pub(super) fn describe_all(recorder: &PrometheusRecorder) {
    let counters = [
        (
            WEBHOOKS_TOTAL,
            "Provider webhooks answered, by kind (twilio_inbound, twilio_status, closebot_response) and result (stored, duplicate, queued…, or the error code such as invalid_signature)",
        ),
        (
            PROVIDER_RETRIES_TOTAL,
            "Failed provider calls that will be tried again, by provider and error code (the provider's code, else its HTTP status, else timeout, connect, network…)",
        ),
        (
            PROVIDER_FAILURES_TOTAL,
            "Provider calls that failed for good (refused, or out of attempts), by provider and error code",
        ),
        (
            BACKUPS_TOTAL,
            "Scheduled backups tried, by result (ok, failed); a failed one is tried again at the next interval",
        ),
    ];
    for (name, help) in counters {
        recorder.describe_counter(name.into(), None, help.into());
    }
    let gauges = [
        (
            QUEUE_JOBS,
            "Jobs in the outbox by kind and state (waiting, ready, running, failed), read at scrape time",
        ),
        (
            QUEUE_OLDEST_AGE_SECONDS,
            "Seconds since the oldest job of each kind and state was queued (0 when there is none), read at scrape time",
        ),
        (SSE_CLIENTS, "Open live-event streams (dashboards listening)"),
        (
            BUILD_INFO,
            "Always 1; the labels say which build is running",
        ),
        (
            BACKUP_LAST_SUCCESS,
            "When the newest scheduled backup in BACKUP_DIR was written (Unix seconds; absent until there is one): alert when it is older than two intervals",
        ),
    ];
    for (name, help) in gauges {
        recorder.describe_gauge(name.into(), None, help.into());
    }
    let histograms = [
        (
            WEBHOOK_DURATION_SECONDS,
            Unit::Seconds,
            "Time to answer a provider webhook, by kind (the text is on disk when it is answered)",
        ),
        (
            ROUND_TRIP_SECONDS,
            Unit::Seconds,
            "From a customer's text being stored to the bot's reply being accepted by Twilio (first part of each reply)",
        ),
        (
            WRITER_BATCH_SIZE,
            Unit::Count,
            "Operations committed together in one transaction by the database writer",
        ),
        (
            WRITER_COMMIT_SECONDS,
            Unit::Seconds,
            "Time the database writer took to run and commit one batch",
        ),
    ];
    for (name, unit, help) in histograms {
        recorder.describe_histogram(name.into(), Some(unit), help.into());
    }
}
