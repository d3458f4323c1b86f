//! Runs imports in the background, a batch of rows per write: contacts
//! created or updated, rows skipped or rejected, progress and pacing — all in
//! the batch's commit, so a restart resumes after the last batch done.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::rows::{ImportedContact, RowReader};
use super::{country, read_sheet, FirstMessage, ImportOptions};
use crate::bridge::outbound::{queue_sms, Origin, Outgoing};
use crate::clock::Clock;
use crate::domain::eligibility::Purpose;
use crate::domain::message::Source;
use crate::queue::Outbox;
use crate::storage::{
    ContactImport, ImportProgress, Imported, Provider, Route, Store, StoreResult, Tx,
};

/// Rows per write.
const BATCH: usize = 500;
/// An import with no batch written for this long has lost its runner.
const STALLED_AFTER: std::time::Duration = std::time::Duration::from_secs(60);
pub const STATUSES: [&str; 6] = ["new", "active", "qualified", "booked", "closed", "cold"];

pub struct ImportRunner {
    store: Store,
    clock: Clock,
    outbox: Outbox,
    running: Mutex<HashSet<String>>,
}

/// One row's fate, decided before the write.
enum RowWork {
    Contact(i64, ImportedContact, String),
    Skip(i64, String, String),
    Reject(i64, String, String),
}

impl ImportRunner {
    pub fn new(store: Store, clock: Clock, outbox: Outbox) -> Arc<Self> {
        Arc::new(Self {
            store,
            clock,
            outbox,
            running: Mutex::new(HashSet::new()),
        })
    }

    /// Runs the import in the background unless it already runs.
    pub fn start(self: &Arc<Self>, id: String) {
        if !self
            .running
            .lock()
            .expect("lock is never poisoned")
            .insert(id.clone())
        {
            return;
        }
        let runner = self.clone();
        tokio::spawn(async move {
            if let Err(reason) = runner.work(&id).await {
                tracing::error!(import = id, reason, "an import failed");
                let (now, failed) = (runner.clock.now_ms(), id.clone());
                let ended = runner
                    .store
                    .write(move |tx| {
                        Box::pin(async move {
                            tx.finish_import(&failed, "failed", Some(&reason), now)
                                .await
                        })
                    })
                    .await;
                if let Err(e) = ended {
                    tracing::error!(import = id, error = %e, "could not mark an import failed");
                }
            }
            runner
                .running
                .lock()
                .expect("lock is never poisoned")
                .remove(&id);
        });
    }

    /// After a restart: every import that was running goes on from its last batch.
    pub async fn resume_all(self: &Arc<Self>) -> StoreResult<usize> {
        let ids = self.store.running_imports().await?;
        for id in &ids {
            tracing::info!(import = id, "resuming an import after a restart");
            self.start(id.clone());
        }
        Ok(ids.len())
    }

    /// Takes over, every `STALLED_AFTER`, the imports whose runner stopped
    /// writing batches (its instance died); a runner still alive that
    /// comes back finds its next batch done and stops
    /// (`Tx::import_batch_due`). Runs forever.
    pub async fn adopt_stalled(self: Arc<Self>) {
        loop {
            tokio::time::sleep(STALLED_AFTER).await;
            let before = self.clock.now_ms() - STALLED_AFTER.as_millis() as i64;
            match self.store.stalled_imports(before).await {
                Ok(ids) => {
                    for id in ids {
                        tracing::warn!(import = id, "taking over an import that stopped moving");
                        self.start(id);
                    }
                }
                Err(e) => tracing::error!(error = %e, "could not look for stalled imports"),
            }
        }
    }

    async fn work(&self, id: &str) -> Result<(), String> {
        let record = self
            .store
            .import(id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("the import is gone")?;
        if record.state != "running" {
            return Ok(());
        }
        let options: ImportOptions = serde_json::from_str(&record.options_json)
            .map_err(|e| format!("its options are unreadable: {e}"))?;
        let content = self
            .store
            .import_file(id)
            .await
            .map_err(|e| e.to_string())?
            .ok_or("its file is gone")?;
        let sheet = read_sheet(&content)?;
        let reader = RowReader {
            mapping: &options.columns,
            country: country(&options.default_country)?,
            statuses: &STATUSES,
        };
        let mut seen: HashMap<String, i64> = HashMap::new();
        let mut next_send_at = record.next_send_at;
        for (chunk_index, chunk) in sheet.rows.chunks(BATCH).enumerate() {
            let first_row = chunk_index * BATCH;
            let done_already = first_row < record.rows_done as usize;
            let mut work = Vec::with_capacity(chunk.len());
            for (offset, record) in chunk.iter().enumerate() {
                let row = (first_row + offset) as i64 + 2;
                let raw = raw_line(record);
                work.push(match reader.read(record) {
                    Err(reason) => RowWork::Reject(row, reason, raw),
                    Ok(contact) => match seen.get(contact.phone.as_str()) {
                        Some(earlier) => {
                            RowWork::Skip(row, format!("the same phone as row {earlier}"), raw)
                        }
                        None => {
                            seen.insert(contact.phone.as_str().to_owned(), row);
                            RowWork::Contact(row, contact, raw)
                        }
                    },
                });
            }
            if done_already {
                continue; // Committed before a restart: only its phones matter.
            }
            let sending = options
                .first_message
                .clone()
                .and_then(|m| Some((self.store.route(&m.route_id)?, m)));
            let (still_running, queued) = self
                .write_batch(
                    (id, first_row as i64),
                    &options,
                    work,
                    sending,
                    &mut next_send_at,
                    record.created_by.clone(),
                )
                .await?;
            if queued > 0 {
                self.outbox.wake(Provider::Twilio);
            }
            if !still_running {
                return Ok(()); // Stopped from the page.
            }
        }
        let now = self.clock.now_ms();
        let finished = id.to_owned();
        self.store
            .write(move |tx| {
                Box::pin(async move { tx.finish_import(&finished, "done", None, now).await })
            })
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }

    /// Writes one batch, starting at row `first_row` of the sheet; false
    /// when the import no longer runs here (stopped, or taken over).
    async fn write_batch(
        &self,
        (id, first_row): (&str, i64),
        options: &ImportOptions,
        work: Vec<RowWork>,
        sending: Option<(Route, FirstMessage)>,
        next_send_at: &mut Option<i64>,
        created_by: Option<String>,
    ) -> Result<(bool, i64), String> {
        let (id, default_status, now) = (
            id.to_owned(),
            options.default_status.clone(),
            self.clock.now_ms(),
        );
        let pace = sending.as_ref().map(|(_, m)| {
            let segments = crate::domain::segments::count(&m.body).segments.max(1) as f64;
            (segments / m.segments_per_second.max(0.01) * 1000.0) as i64
        });
        let next = next_send_at.unwrap_or(now).max(now);
        let ((running, queued, next), _) = self
            .store
            .write(move |tx| {
                Box::pin(async move {
                    // The pace as stored: a runner taking over another's
                    // import goes on from where that one's messages stood.
                    let Some(stored_next) = tx.import_batch_due(&id, first_row).await? else {
                        return Ok((false, 0, next));
                    };
                    let mut next = stored_next.map_or(next, |at| at.max(now));
                    let mut progress = ImportProgress {
                        rows_done: work.len() as i64,
                        ..Default::default()
                    };
                    for item in &work {
                        match item {
                            RowWork::Reject(row, reason, raw) => {
                                progress.rejected += 1;
                                tx.reject_import_row(&id, *row, reason, raw).await?;
                            }
                            RowWork::Skip(row, reason, raw) => {
                                progress.skipped += 1;
                                tx.reject_import_row(&id, *row, &format!("skipped: {reason}"), raw)
                                    .await?;
                            }
                            RowWork::Contact(row, contact, raw) => {
                                let fields = contact
                                    .fields
                                    .iter()
                                    .map(|(k, v)| (k.clone(), serde_json::Value::from(v.clone())))
                                    .collect();
                                let import = ContactImport {
                                    phone: &contact.phone,
                                    name: contact.name.as_deref(),
                                    email: contact.email.as_deref(),
                                    company: contact.company.as_deref(),
                                    tags: &contact.tags,
                                    status: contact.status.as_deref(),
                                    default_status: &default_status,
                                    fields: &fields,
                                };
                                let saved = match tx.import_contact(&import, now).await? {
                                    Imported::Created(c) => {
                                        progress.created += 1;
                                        c
                                    }
                                    Imported::Updated(c) => {
                                        progress.updated += 1;
                                        c
                                    }
                                    Imported::OptedOut => {
                                        progress.rejected += 1;
                                        tx.reject_import_row(
                                            &id,
                                            *row,
                                            "the number opted out",
                                            raw,
                                        )
                                        .await?;
                                        continue;
                                    }
                                };
                                if let (Some((route, message)), Some(step)) = (&sending, pace) {
                                    if send_first(
                                        tx,
                                        &saved,
                                        route,
                                        &message.body,
                                        created_by.as_deref(),
                                        &id,
                                        next,
                                        now,
                                    )
                                    .await?
                                    {
                                        progress.messages_queued += 1;
                                        next += step;
                                    }
                                }
                            }
                        }
                    }
                    let running = tx.advance_import(&id, progress, Some(next), now).await?;
                    Ok((running, progress.messages_queued, next))
                })
            })
            .await
            .map_err(|e| e.to_string())?;
        *next_send_at = Some(next);
        Ok((running, queued))
    }
}

#[allow(clippy::too_many_arguments)]
async fn send_first(
    tx: &mut Tx,
    contact: &crate::storage::Contact,
    route: &Route,
    body: &str,
    sent_by: Option<&str>,
    import_id: &str,
    at: i64,
    now: i64,
) -> StoreResult<bool> {
    let out = Outgoing {
        contact,
        route_id: Some(&route.id),
        bot_name: route.bot_name.as_deref(),
        from_number: &route.twilio_number,
        body,
        source: Source::Manual,
        sent_by_user_id: sent_by,
        closebot_message_id: None,
        purpose: Purpose::Manual,
        not_before: Some(at),
        import_id: Some(import_id),
        origin: Origin::default(),
    };
    Ok(queue_sms(tx, out, now).await?.is_some())
}

/// The row as one CSV line, for the report of rows not imported.
fn raw_line(record: &csv::StringRecord) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(record);
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim_end().to_owned()
}
