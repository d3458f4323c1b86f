//! The writer after a batch that cannot be committed: its callers hear at
//! once, and the next batch goes through.

use std::time::Duration;

use super::{NewEvent, Store};
use crate::domain::events::{ConversationRead, EventData, Subject};

const PROMPTLY: Duration = Duration::from_secs(5);

fn an_event() -> NewEvent {
    NewEvent {
        route_id: None,
        bot_name: None,
        data: EventData::ConversationRead(ConversationRead {
            subject: Subject {
                contact_id: "c_1".into(),
                phone: "+15551230000".into(),
                name: None,
            },
        }),
    }
}

/// Found by running the storage on Postgres: the failed batch's transaction
/// kept the writer's only connection while the route cache was reloaded
/// through the pool, so the caller waited the pool's 30 s acquire timeout.
#[tokio::test]
async fn a_batch_whose_events_cannot_be_written_fails_promptly_and_the_writer_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sqlite(&dir.path().join("app.db"))
        .await
        .unwrap();
    store.migrate().await.unwrap();
    // A SQLite trigger makes the batch fail (the test is about the writer).
    let crate::storage::engine::Pool::Sqlite(migrator) = &store.migrator_pool else {
        unreachable!("opened on SQLite")
    };
    sqlx::query(
        "INSERT INTO contacts (id, phone, phone_digits, first_contact, last_contact, created_at, updated_at)
         VALUES ('c_1', '+15551230000', '15551230000', 0, 0, 0, 0)",
    )
    .execute(migrator)
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER no_events BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'no events today'); END",
    )
    .execute(migrator)
    .await
    .unwrap();

    let failed = tokio::time::timeout(
        PROMPTLY,
        store.write(|tx| Box::pin(async move { tx.record_event(an_event(), 1).await })),
    )
    .await
    .expect("the failed batch is answered promptly");
    assert!(failed.is_err());

    sqlx::query("DROP TRIGGER no_events")
        .execute(migrator)
        .await
        .unwrap();
    let (_, events) = tokio::time::timeout(
        PROMPTLY,
        store.write(|tx| Box::pin(async move { tx.record_event(an_event(), 2).await })),
    )
    .await
    .expect("the next batch is answered promptly")
    .unwrap();
    assert_eq!(events.len(), 1);
    store.close().await;
}
