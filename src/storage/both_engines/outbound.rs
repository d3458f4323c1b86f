//! The writes of the main paths that run several statements in one query.

use super::{Failures, NOW};
use crate::domain::message::{Direction, Source};
use crate::domain::phone::PhoneNumber;
use crate::storage::{
    ContactImport, ImportProgress, JobKind, NewImport, NewJob, NewMessage, Store,
};

/// A bot reply sent and delivered, an import's life, the contact deleted and
/// the sandbox emptied: the writes of several statements in one query.
pub(super) async fn outbound_and_imports(store: &Store, contact_id: &str, failures: &mut Failures) {
    let id = contact_id.to_owned();
    let sent = store
        .write(move |tx| {
            Box::pin(async move {
                let reply = NewMessage {
                    contact_id: &id,
                    route_id: Some("r1"),
                    direction: Direction::Outbound,
                    source: Source::Bot,
                    body: "hi, how can I help?",
                    from_number: "+12025550100",
                    to_number: "+12025550123",
                    media_urls: &[],
                    twilio_sid: None,
                    twilio_status: Some("queued"),
                    closebot_message_id: Some("cb-1"),
                    forward_state: None,
                    sent_by_user_id: None,
                };
                let message_id = tx.insert_message(&reply, NOW).await?.expect("a new reply");
                let job = NewJob {
                    kind: JobKind::SendSms,
                    contact_id: &id,
                    message_id: Some(message_id),
                    route_id: Some("r1"),
                    payload: serde_json::json!({"messageId": message_id, "importId": "imp-1"}),
                    run_at: NOW,
                    request_id: None,
                };
                let job_id = tx.enqueue(job, NOW).await?;
                tx.mark_send_started(&[message_id], NOW).await?;
                tx.record_sent(message_id, "SM2", "sent", job_id, NOW + 60_000, NOW)
                    .await?;
                let delivered = tx
                    .advance_status(message_id, "delivered", None, None, NOW + 1)
                    .await?;
                tx.finish_forward(message_id, "forwarded", job_id, NOW)
                    .await?;
                Ok(delivered)
            })
        })
        .await;
    if let Some((delivered, _)) = step!(failures, "a reply sent and delivered", sent) {
        assert!(delivered);
    }
    let imported = store
        .write(|tx| {
            Box::pin(async move {
                let new = NewImport {
                    id: "imp-1",
                    file_name: "contacts.csv",
                    content: b"phone\n+12025550124\n",
                    total_rows: 1,
                    options_json: "{}",
                    created_by: "u1",
                };
                tx.create_import(new, NOW).await?;
                let started = tx.start_import("imp-1", "{}", NOW).await?;
                let phone = PhoneNumber::parse("+12025550124").expect("a valid number");
                let fields = serde_json::Map::new();
                let row = ContactImport {
                    phone: &phone,
                    name: Some("Grace"),
                    email: None,
                    company: None,
                    tags: &["imported".to_owned()],
                    status: None,
                    default_status: "new",
                    fields: &fields,
                };
                tx.import_contact(&row, NOW).await?;
                tx.reject_import_row("imp-1", 2, "no phone", "x").await?;
                let progress = ImportProgress {
                    rows_done: 2,
                    created: 1,
                    updated: 0,
                    skipped: 0,
                    rejected: 1,
                    messages_queued: 0,
                };
                tx.advance_import("imp-1", progress, None, NOW).await?;
                let finished = tx.finish_import("imp-1", "done", None, NOW).await?;
                let stopped = tx.stop_import("imp-1", NOW).await?;
                let canceled = tx.cancel_import_sends("imp-1", "stopped", NOW).await?;
                Ok((started, finished, stopped, canceled))
            })
        })
        .await;
    if let Some(((started, finished, stopped, _), _)) =
        step!(failures, "an import's life", imported)
    {
        assert_eq!((started, finished, stopped), (true, true, true));
    }
    step!(
        failures,
        "pending_import_sends",
        store.pending_import_sends("imp-1").await
    );
    let phones = ["+12025550123".to_owned()];
    if let Some((known, _)) = step!(failures, "known_phones", store.known_phones(&phones).await) {
        assert_eq!(known.len(), 1);
    }
    let id = contact_id.to_owned();
    let deleted = store
        .write(move |tx| {
            Box::pin(async move {
                let deleted = tx.delete_contact(&id).await?;
                tx.delete_route("r1", NOW).await?;
                tx.mark_sandbox_route("r1").await?;
                tx.remove_sandbox_data().await?;
                Ok(deleted)
            })
        })
        .await;
    if let Some((deleted, _)) = step!(failures, "delete a contact, empty the sandbox", deleted) {
        assert!(deleted);
    }
}
