//! Every other read of the store, run once on the main paths' rows: each
//! must run on both engines (what they return is the API tests' business).

use super::{Failures, NOW};
use crate::storage::{Provider, Store};

pub(super) async fn every_read(
    store: &Store,
    contact_id: &str,
    message_id: i64,
    failures: &mut Failures,
) {
    step!(failures, "ping", store.ping().await);
    step!(failures, "next_due", store.next_due(Provider::Twilio).await);
    step!(failures, "oldest_due_job", store.oldest_due_job(NOW).await);
    step!(
        failures,
        "expired_leases",
        store.expired_leases(Provider::Twilio, NOW).await
    );
    step!(failures, "queue_depths", store.queue_depths().await);
    step!(failures, "failed_jobs", store.failed_jobs(10, 0).await);
    if let Some(trace) = step!(
        failures,
        "message_trace",
        store.message_trace(message_id).await
    ) {
        assert!(trace.is_some());
    }
    if let Some(id) = step!(
        failures,
        "message_id_by_sid",
        store.message_id_by_sid("SM1").await
    ) {
        assert_eq!(id, Some(message_id));
    }
    step!(failures, "message", store.message(message_id).await);
    step!(
        failures,
        "next_status_check",
        store.next_status_check(false).await
    );
    step!(
        failures,
        "csat_surveys",
        store.csat_surveys(0, i64::MAX).await
    );
    step!(failures, "csat_cursor", store.csat_cursor("bookings").await);
    step!(failures, "created_sources", store.created_sources().await);
    step!(failures, "last_event_id", store.last_event_id().await);
    step!(
        failures,
        "recent_events",
        store
            .recent_events(10, None, &["new_lead".to_owned()])
            .await
    );
    step!(
        failures,
        "pending_alerts",
        store.pending_alerts("email", 10).await
    );
    step!(failures, "alert_cursor", store.alert_cursor().await);
    step!(
        failures,
        "phone_opted_out",
        store.phone_opted_out("+12025550123").await
    );
    if let Some(contact) = step!(failures, "contact", store.contact(contact_id).await) {
        assert!(contact.is_some());
    }
    step!(failures, "user_count", store.user_count().await);
    step!(
        failures,
        "user_by_email",
        store.user_by_email("Admin@Example.com").await
    );
    step!(
        failures,
        "active_conversations",
        store.active_conversations(0).await
    );
    step!(failures, "messages_since", store.messages_since(0).await);
    step!(failures, "team", store.team().await);
    step!(failures, "admin_emails", store.admin_emails().await);
    step!(failures, "sandbox_mode", store.sandbox_mode().await);
    step!(failures, "sandbox_data", store.sandbox_data().await);
    step!(failures, "all_settings", store.all_settings().await);
    step!(failures, "import", store.import("imp-1").await);
    step!(failures, "recent_imports", store.recent_imports(10).await);
    step!(failures, "running_imports", store.running_imports().await);
    step!(failures, "import_file", store.import_file("imp-1").await);
    step!(
        failures,
        "import_rejections",
        store.import_rejections("imp-1").await
    );
    step!(
        failures,
        "bookings_marked",
        store.bookings_marked(0, i64::MAX).await
    );
    step!(
        failures,
        "analytics_backfill_progress",
        store.analytics_backfill_progress().await
    );
    step!(
        failures,
        "messages_page",
        store.messages_page(contact_id, None, 10).await
    );
    step!(
        failures,
        "due_status_checks",
        store.due_status_checks(NOW, 10, false).await
    );
    step!(
        failures,
        "status_changes_after",
        store.status_changes_after(0, 10).await
    );
    step!(
        failures,
        "password_hash",
        store.password_hash("nobody").await
    );
    step!(
        failures,
        "session_user",
        store.session_user("nope", NOW).await
    );
    step!(failures, "team_member", store.team_member("nobody").await);
    let routes = ["r1".to_owned()];
    step!(
        failures,
        "route_hours",
        store.route_hours(&routes, 0, i64::MAX).await
    );
    let mut rows =
        store.stream_contacts(Default::default(), crate::storage::ContactSort::Name, false);
    let mut streamed = 0;
    while let Some(row) = rows.recv().await {
        if step!(failures, "stream_contacts", row).is_some() {
            streamed += 1;
        }
    }
    assert_eq!(streamed, 1);
    let limit = std::time::Duration::from_secs(5);
    step!(
        failures,
        "probe_writer",
        store.probe_writer(NOW, limit).await
    );
}
