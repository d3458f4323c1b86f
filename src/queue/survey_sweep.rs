//! The standing `survey_sweep` job: finds who is due a satisfaction survey
//! and queues their surveys. Each run
//!
//! 1. reads the status changes logged since the last run and makes each new
//!    `booked` contact a candidate;
//! 2. for every route whose survey is on, walks its contacts by last message
//!    from where it stopped to "now minus the quiet time", making each
//!    newly quiet conversation a candidate;
//! 3. asks the survey rule about the candidates that are due: queue the
//!    survey, keep it for the route's opening, or drop it.
//!
//! Every step walks an index from a cursor and is bounded, so a run costs
//! the same with a hundred thousand contacts; a run that hit a bound runs
//! again at once, otherwise after `survey_sweep_every` (15 s), which keeps
//! a one-minute quiet time honest.

use serde_json::json;

use super::{Health, Outbox};
use crate::bridge::csat;
use crate::domain::csat::Trigger;
use crate::storage::{
    quiet_cursor, Candidate, CursorAt, Job, Provider, Route, StoreResult, BOOKINGS_CURSOR,
};

/// Status changes read per run.
const STATUS_CHANGES: i64 = 500;
/// Quiet conversations found per route and run.
const QUIET_CONTACTS: i64 = 200;
/// Candidates decided per run (each may queue a text).
const DECISIONS: i64 = 100;

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let mut more = find_bookings(outbox, now).await?;
    let surveyed = outbox
        .store
        .list_routes()
        .into_iter()
        .filter(|route| route.csat_survey.enabled);
    for route in surveyed {
        more |= find_quiet(outbox, &route, now).await?;
    }
    let (queued, full) = outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                let due = tx.due_csat_candidates(now, DECISIONS).await?;
                let mut queued = 0;
                for candidate in &due {
                    queued += usize::from(csat::decide(tx, candidate, now).await?);
                }
                Ok((queued, due.len() as i64 == DECISIONS))
            })
        })
        .await?
        .0;
    if queued > 0 {
        tracing::info!(surveys = queued, "queued satisfaction surveys");
        outbox.wake(Provider::Twilio);
    }
    let every = outbox.retry.survey_sweep_every.as_millis() as i64;
    let at = if more || full { now } else { now + every };
    let later = outbox.clock.now_ms();
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move { tx.reschedule_job(&job, at, &json!({}), later).await })
        })
        .await?;
    Ok(Health::NotCalled)
}

/// New bookings become candidates, due now; true when more may be waiting.
async fn find_bookings(outbox: &Outbox, now: i64) -> StoreResult<bool> {
    let cursor = outbox
        .store
        .csat_cursor(BOOKINGS_CURSOR)
        .await?
        .unwrap_or_default();
    let changes = outbox
        .store
        .status_changes_after(cursor.position, STATUS_CHANGES)
        .await?;
    let Some(&(last, _, _)) = changes.last() else {
        return Ok(false);
    };
    let more = changes.len() as i64 == STATUS_CHANGES;
    let booked: Vec<Candidate> = changes
        .into_iter()
        .filter(|(_, _, status)| status == "booked")
        .map(|(_, contact_id, _)| Candidate {
            contact_id,
            trigger: Trigger::Booking,
            quiet_after_message_id: None,
        })
        .collect();
    let at = CursorAt {
        position: last,
        after: 0,
    };
    remember(outbox, booked, BOOKINGS_CURSOR.to_owned(), at, now).await?;
    Ok(more)
}

/// The route's newly quiet conversations become candidates, due now.
async fn find_quiet(outbox: &Outbox, route: &Route, now: i64) -> StoreResult<bool> {
    let name = quiet_cursor(&route.id);
    let quiet_before = now - route.csat_survey.quiet_ms();
    let Some(cursor) = outbox.store.csat_cursor(&name).await? else {
        // Just switched on: conversations already quiet are left alone.
        let start = CursorAt {
            position: quiet_before,
            after: i64::MAX,
        };
        remember(outbox, Vec::new(), name, start, now).await?;
        return Ok(false);
    };
    let found = outbox
        .store
        .quiet_contacts(&route.id, cursor, quiet_before, QUIET_CONTACTS)
        .await?;
    let Some(last) = found.last() else {
        return Ok(false);
    };
    let at = CursorAt {
        position: last.last_message_at,
        after: last.rowid,
    };
    let more = found.len() as i64 == QUIET_CONTACTS;
    let quiet = found
        .into_iter()
        .map(|contact| Candidate {
            contact_id: contact.id,
            trigger: Trigger::Quiet,
            quiet_after_message_id: contact.last_message_id,
        })
        .collect();
    remember(outbox, quiet, name, at, now).await?;
    Ok(more)
}

/// Stores the candidates and moves the cursor past them, in one commit.
async fn remember(
    outbox: &Outbox,
    candidates: Vec<Candidate>,
    cursor: String,
    at: CursorAt,
    now: i64,
) -> StoreResult<()> {
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                for candidate in &candidates {
                    tx.add_csat_candidate(candidate, now).await?;
                }
                tx.set_csat_cursor(&cursor, at).await
            })
        })
        .await?;
    Ok(())
}
