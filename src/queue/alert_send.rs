//! Runs `send_alert_email` and `send_alert_sms` jobs: the alert items waiting
//! for a channel go out as one message (counts and the first examples). What
//! arrives while a batch is out waits for the next one.

use super::{complete, retry_or_give_up, Health, Outbox};
use crate::alerts::config::{AlertSettings, SMTP_TIMEOUT};
use crate::alerts::digest::Batch;
use crate::alerts::kinds::AlertKind;
use crate::domain::twilio_errors::OPTED_OUT;
use crate::providers::smtp::{self, Email, SmtpServer};
use crate::providers::twilio::OutboundSms;
use crate::providers::CallError;
use crate::storage::{Job, JobKind, StoreResult};

/// Items in one alert; a bigger burst is told in several.
const MAX_ITEMS: i64 = 1000;

/// How a send ended, short of success.
enum NotSent {
    /// Worth trying again later.
    Retry(CallError),
    /// It can never go (channel off, recipient opted out, refused for good):
    /// the batch is dropped, with the reason logged.
    Drop(String),
}

pub async fn run(outbox: &Outbox, job: Job) -> StoreResult<Health> {
    let channel = match job.kind {
        JobKind::SendAlertSms => "sms",
        _ => "email",
    };
    let items = outbox.store.pending_alerts(channel, MAX_ITEMS).await?;
    let Some(up_to) = items.last().map(|i| i.id) else {
        return complete(outbox, job).await;
    };
    let batch = Batch {
        items: items
            .into_iter()
            .filter_map(|i| Some((AlertKind::parse(&i.kind)?, i.summary)))
            .collect(),
    };
    let settings = outbox.alert_settings();
    let sent = match channel {
        "sms" => send_sms(outbox, &settings, &batch, job.sandbox).await,
        _ => send_email(outbox, &settings, &batch).await,
    };
    match sent {
        Ok(()) => finish(outbox, job, channel, up_to).await,
        Err(NotSent::Drop(reason)) => {
            tracing::warn!(
                channel,
                reason,
                alerts = batch.items.len(),
                "an alert could not be sent and was dropped"
            );
            finish(outbox, job, channel, up_to).await
        }
        Err(NotSent::Retry(error)) => {
            retry_or_give_up(outbox, job, error, move |tx, _, _| {
                Box::pin(async move { tx.finish_alert_batch(channel, up_to).await.map(drop) })
            })
            .await
        }
    }
}

/// The batch is done: its items go; more waiting → the job runs again after
/// the window, else it ends (the watcher starts a new one for new items).
async fn finish(
    outbox: &Outbox,
    job: Job,
    channel: &'static str,
    up_to: i64,
) -> StoreResult<Health> {
    let now = outbox.clock.now_ms();
    let next = now + outbox.alert_window.as_millis() as i64;
    outbox
        .store
        .write(move |tx| {
            Box::pin(async move {
                if tx.finish_alert_batch(channel, up_to).await? > 0 {
                    tx.reschedule_job(&job, next, &job.payload, now).await
                } else {
                    tx.complete_job(&job, now).await
                }
            })
        })
        .await?;
    Ok(Health::Answered)
}

async fn send_email(
    outbox: &Outbox,
    settings: &AlertSettings,
    batch: &Batch,
) -> Result<(), NotSent> {
    let email = &settings.email;
    if !email.enabled {
        return Err(NotSent::Drop("email alerts were switched off".into()));
    }
    let (Some(host), Some(from)) = (&email.smtp_host, &email.from) else {
        return Err(NotSent::Drop("the SMTP host or sender is not set".into()));
    };
    let recipients = match email.recipients.is_empty() {
        false => email.recipients.clone(),
        true => outbox.store.admin_emails().await.map_err(|e| {
            NotSent::Retry(CallError::Transient {
                reason: e.to_string(),
                retry_after: None,
                http_status: None,
                in_doubt: false,
                code: "database".to_owned(),
            })
        })?,
    };
    let password = outbox.credentials.smtp_password();
    let server = SmtpServer {
        host,
        port: email.smtp_port,
        tls: email.tls,
        username: email.username.as_deref(),
        password: password.as_ref(),
    };
    let message = Email {
        from,
        to: &recipients,
        subject: &batch.email_subject(),
        text: &batch.email_text(&outbox.dashboard_url),
    };
    match smtp::send(&server, &message, SMTP_TIMEOUT).await {
        Ok(()) => Ok(()),
        Err(CallError::Rejected { message, .. }) => Err(NotSent::Drop(message)),
        Err(error) => Err(NotSent::Retry(error)),
    }
}

async fn send_sms(
    outbox: &Outbox,
    settings: &AlertSettings,
    batch: &Batch,
    sandbox_job: bool,
) -> Result<(), NotSent> {
    let sms = &settings.sms;
    if !sms.enabled {
        return Err(NotSent::Drop("SMS alerts were switched off".into()));
    }
    let (Some(to), Some(from)) = (&sms.to, &sms.from_number) else {
        return Err(NotSent::Drop(
            "the owner's number or the sending number is not set".into(),
        ));
    };
    // An alert never goes to a number that opted out.
    match outbox.store.phone_opted_out(to).await {
        Ok(true) => return Err(NotSent::Drop(format!("{to} opted out"))),
        Ok(false) => {}
        Err(e) => {
            return Err(NotSent::Retry(CallError::Transient {
                reason: e.to_string(),
                retry_after: None,
                http_status: None,
                in_doubt: false,
                code: "database".to_owned(),
            }))
        }
    }
    let Some(auth) = outbox.credentials.twilio_for(sandbox_job) else {
        return Err(NotSent::Retry(CallError::NotConfigured(
            "Twilio credentials are not configured".into(),
        )));
    };
    let text = batch.sms_text();
    let message = OutboundSms {
        to,
        from,
        body: &text,
        status_callback: None,
    };
    match outbox.twilio.send_message(&auth, &message).await {
        Ok(_) => Ok(()),
        Err(CallError::Rejected { code, message, .. }) if code.as_deref() == Some(OPTED_OUT) => {
            Err(NotSent::Drop(format!(
                "{to} opted out at Twilio: {message}"
            )))
        }
        Err(CallError::Rejected { message, .. }) => Err(NotSent::Drop(message)),
        Err(error) => Err(NotSent::Retry(error)),
    }
}
