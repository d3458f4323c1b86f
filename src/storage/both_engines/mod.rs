//! The storage layer's main paths, run on SQLite always and on PostgreSQL
//! when `TEST_DATABASE_URL` names a cluster (a throw-away database each run):
//! one body, the same expectations on both engines.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::Executor;

use super::{
    BotFilter, ContactFilter, ContactSort, ContactUpsert, ConversationFilter, CursorAt, JobKind,
    NewEvent, NewJob, NewMessage, OptOutEvidence, Provider, RouteInput, Store,
};
use crate::domain::events::{EventData, NewLead, Subject};
use crate::domain::message::{Direction, Source};
use crate::domain::phone::PhoneNumber;

const NOW: i64 = 1_700_000_000_000;

/// A failed step, by name: every step runs, so one run lists them all.
type Failures = Vec<String>;

macro_rules! step {
    ($failures:expr, $name:literal, $body:expr) => {
        match $body {
            Ok(value) => Some(value),
            Err(error) => {
                $failures.push(format!("{}: {error}", $name));
                None
            }
        }
    };
}

mod limits;
mod outbound;
mod people;
mod reads;
mod search;
mod writes;

fn route_input() -> RouteInput {
    RouteInput {
        twilio_number: "+12025550100".into(),
        twilio_number_sid: None,
        closebot_source_id: "src-1".into(),
        closebot_bot_id: Some("bot-1".into()),
        bot_name: Some("Ava".into()),
        greeting_message: None,
        after_hours_reply: None,
        business_hours: None,
        max_concurrent: 5,
        active: true,
        csat_survey: Default::default(),
    }
}

/// Writes a route, a contact, an inbound text, its job and an event, then
/// reads them back through the lists, the dashboard and the analytics.
async fn exercise(store: &Store) -> Failures {
    let mut failures = Failures::new();
    let written = store
        .write(|tx| {
            Box::pin(async move {
                tx.put_setting("a", "1", false, NOW).await?;
                let kept = tx.setting_or_insert("a", "2", NOW).await?;
                let route = tx.insert_route("r1", &route_input(), NOW).await?;
                let phone = PhoneNumber::parse("+12025550123").expect("a valid number");
                let upsert = ContactUpsert {
                    phone: &phone,
                    route_id: Some(&route.id),
                    bot_id: None,
                };
                let (contact, created) = tx.upsert_inbound_contact(upsert, NOW).await?;
                let message = NewMessage {
                    contact_id: &contact.id,
                    route_id: Some(&route.id),
                    direction: Direction::Inbound,
                    source: Source::Customer,
                    body: "hello there",
                    from_number: contact.phone.as_str(),
                    to_number: &route.twilio_number,
                    media_urls: &[],
                    twilio_sid: Some("SM1"),
                    twilio_status: None,
                    closebot_message_id: None,
                    forward_state: Some("queued"),
                    sent_by_user_id: None,
                };
                let message_id = tx
                    .insert_message(&message, NOW)
                    .await?
                    .expect("a new message");
                let job = NewJob {
                    kind: JobKind::ForwardToBot,
                    contact_id: &contact.id,
                    message_id: Some(message_id),
                    route_id: Some(&route.id),
                    payload: serde_json::json!({"messageId": message_id}),
                    run_at: NOW,
                    request_id: None,
                };
                tx.enqueue(job, NOW).await?;
                let subject = Subject {
                    contact_id: contact.id.clone(),
                    phone: contact.phone.clone(),
                    name: None,
                };
                let event = NewEvent {
                    route_id: Some(route.id.clone()),
                    bot_name: route.bot_name.clone(),
                    data: EventData::NewLead(NewLead { subject }),
                };
                tx.record_event(event, NOW).await?;
                Ok((kept, created, contact.id, message_id))
            })
        })
        .await;
    let Some(((kept, created, contact_id, message_id), events)) =
        step!(failures, "the inbound write", written)
    else {
        return failures;
    };
    assert_eq!((kept.as_str(), created, events.len()), ("1", true, 1));

    let claimed = store
        .write(move |tx| {
            Box::pin(async move {
                let claimed = tx
                    .claim_jobs(Provider::Closebot, NOW, 10, NOW + 60_000)
                    .await?;
                for job in &claimed {
                    tx.complete_job(&job.0, NOW).await?;
                }
                Ok(claimed.len())
            })
        })
        .await;
    if let Some((claimed, _)) = step!(failures, "claim and complete a job", claimed) {
        assert_eq!(claimed, 1);
    }
    let id = contact_id.clone();
    let opt_out = store
        .write(move |tx| {
            Box::pin(async move {
                let evidence = OptOutEvidence {
                    keyword: "STOP",
                    message_sid: Some("SM1"),
                    at_ms: NOW + 1,
                };
                tx.set_opted_out(&id, evidence).await?;
                tx.clear_opt_out(&id, NOW + 2).await
            })
        })
        .await;
    if let Some((cleared, _)) = step!(failures, "opt out and back in", opt_out) {
        assert!(cleared);
    }
    let id = contact_id.clone();
    let notices = store
        .write(move |tx| {
            Box::pin(async move {
                tx.set_lead_id(&id, "lead-1", NOW).await?;
                let noticed = tx.claim_after_hours_notice(&id, "r1", None, NOW).await?;
                let again = tx.claim_after_hours_notice(&id, "r1", None, NOW).await?;
                Ok((noticed, again))
            })
        })
        .await;
    if let Some((notices, _)) = step!(failures, "lead id and after-hours notice", notices) {
        assert_eq!(notices, (true, false));
    }

    let bot = Some(BotFilter {
        route_ids: vec!["r1".into()],
    });
    let conversations = ConversationFilter {
        bot: bot.clone(),
        ..Default::default()
    };
    if let Some((rows, total)) = step!(
        failures,
        "list_conversations",
        store.list_conversations(&conversations, 50, 0).await
    ) {
        assert_eq!((rows.len(), total), (1, 1));
    }
    for sort in [
        ContactSort::Name,
        ContactSort::Bot,
        ContactSort::LastContact,
    ] {
        let filter = ContactFilter {
            bot: bot.clone(),
            ..Default::default()
        };
        if let Some((rows, total)) = step!(
            failures,
            "list_contacts",
            store.list_contacts(&filter, sort, false, 50, 0).await
        ) {
            assert_eq!((rows.len(), total), (1, 1), "{sort:?}");
        }
    }
    if let Some(found) = step!(
        failures,
        "message_with_contact",
        store.message_with_contact(message_id).await
    ) {
        let (message, contact) = found.expect("the message");
        assert_eq!(
            (message.id, contact.id.as_str()),
            (message_id, contact_id.as_str())
        );
    }
    if let Some(events) = step!(failures, "events_after", store.events_after(0, 10).await) {
        assert_eq!(events.len(), 1);
    }
    if let Some(activity) = step!(failures, "route_activity", store.route_activity(0).await) {
        assert_eq!(activity["r1"].conversations, 1);
    }
    if let Some(counts) = step!(
        failures,
        "bucket_counts",
        store.bucket_counts(&[(0, i64::MAX)]).await
    ) {
        assert_eq!(counts.iter().map(|c| c.inbound).sum::<i64>(), 1);
    }
    if let Some(groups) = step!(failures, "outcome_groups", store.outcome_groups(0).await) {
        assert_eq!(groups.iter().map(|g| g.members.len()).sum::<u64>(), 1);
    }
    if let Some(quarters) = step!(
        failures,
        "activity_quarters",
        store.activity_quarters(0, i64::MAX).await
    ) {
        assert_eq!(quarters.iter().map(|q| q.contacts.len()).sum::<u64>(), 1);
    }
    step!(failures, "queue_stats", store.queue_stats(NOW).await);
    step!(
        failures,
        "message_counts_since",
        store.message_counts_since(0).await
    );
    let cursor = CursorAt {
        position: 0,
        after: 0,
    };
    if let Some(quiet) = step!(
        failures,
        "quiet_contacts",
        store.quiet_contacts("r1", cursor, i64::MAX, 10).await
    ) {
        assert_eq!(quiet.len(), 1);
    }
    reads::every_read(store, &contact_id, message_id, &mut failures).await;
    writes::every_small_write(store, &contact_id, &mut failures).await;
    writes::job_and_message_turns(store, &contact_id, message_id, &mut failures).await;
    people::people_and_surveys(store, &contact_id, message_id, &mut failures).await;
    outbound::outbound_and_imports(store, &contact_id, &mut failures).await;
    failures
}

async fn on_sqlite(exercise: impl AsyncFnOnce(&Store) -> Failures) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("app.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    let failures = exercise(&store).await;
    store.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}

/// On a throw-away database `name`, when `TEST_DATABASE_URL` names a cluster.
async fn on_postgres(name: &str, exercise: impl AsyncFnOnce(&Store) -> Failures) {
    let Ok(url) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    let cluster = PgConnectOptions::from_str(&url).unwrap();
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(cluster.clone())
        .await
        .unwrap();
    let name = format!("closebot_{name}_{}", std::process::id());
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .unwrap();
    let store = Store::open_postgres(&format!(
        "{}/{name}",
        url.trim_end_matches(|c| c != '/').trim_end_matches('/')
    ))
    .await
    .unwrap();
    store.migrate().await.unwrap();
    let failures = exercise(&store).await;
    store.close().await;
    admin
        .execute(format!("DROP DATABASE {name} WITH (FORCE)").as_str())
        .await
        .unwrap();
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn the_main_paths_run_on_sqlite() {
    on_sqlite(exercise).await;
}

#[tokio::test]
async fn the_main_paths_run_on_postgres() {
    on_postgres("paths", exercise).await;
}

#[tokio::test]
async fn login_limits_and_outcome_groups_run_on_sqlite() {
    on_sqlite(limits::limits_and_groups).await;
}

#[tokio::test]
async fn login_limits_and_outcome_groups_run_on_postgres() {
    on_postgres("limits", limits::limits_and_groups).await;
}
