//! Keeps each provider's worker running: a worker that dies (a panic, or a
//! loop that ends before shutdown) is logged as an error with its cause and
//! started again after a pause that grows while it keeps dying. The jobs it
//! had claimed are taken back by the new worker when their leases run out.

use std::time::Duration;

use tokio::sync::watch;

use super::{worker, Outbox};
use crate::storage::Provider;

const FIRST_PAUSE: Duration = Duration::from_millis(500);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);
/// A worker that ran this long before dying starts again from the first pause.
const HEALTHY_RUN: Duration = Duration::from_secs(60);

pub async fn supervise(outbox: Outbox, provider: Provider, mut shutdown: watch::Receiver<bool>) {
    let mut pause = FIRST_PAUSE;
    loop {
        outbox.health.started(provider);
        let started = tokio::time::Instant::now();
        let ended = tokio::spawn(worker::run(outbox.clone(), provider, shutdown.clone())).await;
        if *shutdown.borrow() {
            outbox.health.stopped(provider);
            return;
        }
        let cause = match ended {
            Ok(()) => "its loop ended before shutdown".to_owned(),
            Err(e) if e.is_panic() => format!("it panicked: {}", panic_message(e.into_panic())),
            Err(e) => format!("it was stopped: {e}"),
        };
        let restarts = outbox.health.died(provider, cause.clone());
        if started.elapsed() >= HEALTHY_RUN {
            pause = FIRST_PAUSE;
        }
        tracing::error!(
            provider = provider.as_str(),
            cause,
            restarts,
            pause_ms = pause.as_millis() as u64,
            "a delivery worker died; starting it again"
        );
        tokio::select! {
            _ = tokio::time::sleep(pause) => {}
            _ = shutdown.changed() => return,
        }
        pause = (pause * 2).min(LONGEST_PAUSE);
    }
}

/// The text a panic carried, when it carried one.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&'static str>() {
            Ok(text) => (*text).to_owned(),
            Err(_) => "(no message)".to_owned(),
        },
    }
}
