//! On Postgres, every instance's live view of the database: a listener on
//! the channels `instances::announce` notifies, which broadcasts committed
//! events in id order (whichever instance wrote them), reloads the route
//! cache and signals saved settings.
//!
//! A notification can be lost while the listening connection reconnects,
//! so the relay also reads new events every `POLL` and, after a reconnect,
//! reloads routes and signals settings as if notified.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::{PgListener, PgPool};

use super::instances::{EVENTS_CHANNEL, ROUTES_CHANNEL, SETTINGS_CHANNEL};
use super::{routes, Store};

/// How often new events are looked for without a notification.
const POLL: Duration = Duration::from_secs(1);
/// Events read per query while catching up.
const PAGE: i64 = 500;
/// Routes and settings are reloaded this often whatever was heard: a
/// notification sent while the listener was reconnecting is not repeated.
const RELOAD_EVERY: Duration = Duration::from_secs(60);

/// Runs until the store closes. `listening` is a pool of its own (one
/// connection, held by the listener).
pub(super) async fn run(store: Store, listening: PgPool, mut last_event: i64) {
    let mut listener = match connect(&listening).await {
        Some(listener) => listener,
        None => return,
    };
    let mut next_reload = tokio::time::Instant::now() + RELOAD_EVERY;
    while !listening.is_closed() && !store.engine.is_closed() {
        if tokio::time::Instant::now() >= next_reload {
            reload_routes(&store).await;
            store.settings_saved.send_modify(|n| *n += 1);
            next_reload = tokio::time::Instant::now() + RELOAD_EVERY;
        }
        match tokio::time::timeout(POLL, listener.try_recv()).await {
            Ok(Ok(Some(note))) => match note.channel() {
                EVENTS_CHANNEL => last_event = relay_events(&store, last_event).await,
                ROUTES_CHANNEL => reload_routes(&store).await,
                SETTINGS_CHANNEL => store.settings_saved.send_modify(|n| *n += 1),
                _ => {}
            },
            // The connection was lost; the next `try_recv` reconnects and
            // listens again. What was said meanwhile is read now.
            Ok(Ok(None)) => {
                last_event = relay_events(&store, last_event).await;
                next_reload = tokio::time::Instant::now();
            }
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "the database listener failed; retrying");
                tokio::time::sleep(POLL).await;
                // Reconnected silently on the next receive: catch up then.
                next_reload = tokio::time::Instant::now();
            }
            Err(_) => last_event = relay_events(&store, last_event).await,
        }
    }
}

async fn connect(pool: &PgPool) -> Option<PgListener> {
    loop {
        let attempt = async {
            let mut listener = PgListener::connect_with(pool).await?;
            listener
                .listen_all([EVENTS_CHANNEL, ROUTES_CHANNEL, SETTINGS_CHANNEL])
                .await?;
            Ok::<_, sqlx::Error>(listener)
        };
        match attempt.await {
            Ok(listener) => return Some(listener),
            Err(_) if pool.is_closed() => return None,
            Err(e) => {
                tracing::warn!(error = %e, "could not listen for other instances' changes; retrying");
                tokio::time::sleep(POLL).await;
            }
        }
    }
}

/// Broadcasts every event committed after `after`; returns the last id sent.
async fn relay_events(store: &Store, mut after: i64) -> i64 {
    loop {
        let page = match store.events_after(after, PAGE).await {
            Ok(page) => page,
            Err(e) => {
                tracing::warn!(error = %e, "could not read new events");
                return after;
            }
        };
        let full = page.len() as i64 == PAGE;
        for event in page {
            after = event.id;
            let _ = store.events.send(Arc::new(event));
        }
        if !full {
            return after;
        }
    }
}

async fn reload_routes(store: &Store) {
    if let Err(e) = routes::reload_from(&store.routes, &store.engine).await {
        tracing::error!(error = %e, "could not reload routes another instance changed");
    }
}
