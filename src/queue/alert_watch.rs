//! Watches the event log for what the admins asked to hear of. Every few
//! seconds, while an alert channel is on, it reads the events after its
//! place (kept in the database, so nothing is missed across a restart),
//! turns the alertable ones into items per channel and makes sure each
//! channel has a batch job due at the end of the window. With alerts off it
//! does nothing at all.

use std::time::Duration;

use tokio::sync::watch;

use super::Outbox;
use crate::alerts::config::AlertSettings;
use crate::alerts::kinds::alert_for;
use crate::storage::{JobKind, NewAlertItem, Provider, StoreResult};

/// Events read per look.
const BATCH: i64 = 1000;

pub async fn run(outbox: Outbox, mut shutdown: watch::Receiver<bool>) {
    let every = (outbox.alert_window / 4).clamp(Duration::from_millis(50), Duration::from_secs(2));
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => return,
        }
        let settings = outbox.alert_settings();
        if !settings.any() {
            continue;
        }
        if let Err(e) = look(&outbox, &settings).await {
            tracing::error!(error = %e, "could not look for alerts; trying again shortly");
        }
    }
}

async fn look(outbox: &Outbox, settings: &AlertSettings) -> StoreResult<()> {
    let now = outbox.clock.now_ms();
    let Some(cursor) = outbox.store.alert_cursor().await? else {
        // Alerts start from now, not from the history.
        let last = outbox.store.last_event_id().await?;
        outbox
            .store
            .write(move |tx| Box::pin(async move { tx.set_alert_cursor(last, now).await }))
            .await?;
        return Ok(());
    };
    let events = outbox.store.events_after(cursor, BATCH).await?;
    let Some(last) = events.last().map(|e| e.id) else {
        return Ok(());
    };
    let channels: Vec<&'static str> = [
        (settings.email.enabled, "email"),
        (settings.sms.enabled, "sms"),
    ]
    .into_iter()
    .filter_map(|(on, channel)| on.then_some(channel))
    .collect();
    let mut items = Vec::new();
    for event in &events {
        let Some((kind, summary)) = alert_for(&event.data, &settings.kinds) else {
            continue;
        };
        for channel in &channels {
            items.push(NewAlertItem {
                channel,
                kind: kind.as_str(),
                contact_id: event.data.subject().contact_id.clone(),
                summary: summary.clone(),
            });
        }
    }
    let due = now + outbox.alert_window.as_millis() as i64;
    let email = items.iter().any(|i| i.channel == "email");
    let sms = items.iter().any(|i| i.channel == "sms");
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                // Every instance watches; the one that moves the cursor queues the alerts.
                if !tx.advance_alert_cursor(cursor, last, now).await? {
                    return Ok(());
                }
                tx.insert_alert_items(&items, now).await?;
                if email {
                    tx.ensure_standing_job(JobKind::SendAlertEmail, due, now)
                        .await?;
                }
                if sms {
                    tx.ensure_standing_job(JobKind::SendAlertSms, due, now)
                        .await?;
                }
                Ok(())
            })
        })
        .await?;
    // Their workers may be asleep until later than the window's end.
    if email {
        outbox.wake(Provider::Mail);
    }
    if sms {
        outbox.wake(Provider::Twilio);
    }
    Ok(())
}
