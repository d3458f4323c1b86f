//! Time source. Production reads the system clock; tests drive a manual
//! clock to cross business-hours boundaries without waiting.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::sync::watch;

#[derive(Clone)]
pub struct Clock {
    inner: Arc<Inner>,
}

enum Inner {
    System,
    Manual {
        now: Mutex<DateTime<Utc>>,
        changed: watch::Sender<()>,
    },
}

impl Clock {
    pub fn system() -> Self {
        Self {
            inner: Arc::new(Inner::System),
        }
    }

    pub fn manual(start: DateTime<Utc>) -> Self {
        let (changed, _) = watch::channel(());
        Self {
            inner: Arc::new(Inner::Manual {
                now: Mutex::new(start),
                changed,
            }),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.inner {
            Inner::System => Utc::now(),
            Inner::Manual { now, .. } => *now.lock().expect("clock lock is never poisoned"),
        }
    }

    pub fn now_ms(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// Moves a manual clock (and wakes everything waiting on time).
    pub fn set(&self, to: DateTime<Utc>) {
        if let Inner::Manual { now, changed } = &*self.inner {
            *now.lock().expect("clock lock is never poisoned") = to;
            changed.send_replace(());
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        self.set(self.now() + by);
    }

    /// Sleeps until `deadline_ms` on this clock, or until the clock jumps.
    pub async fn sleep_until_ms(&self, deadline_ms: i64) {
        // Subscribe before reading the time so a jump in between is not missed.
        let mut jumps = match &*self.inner {
            Inner::System => None,
            Inner::Manual { changed, .. } => Some(changed.subscribe()),
        };
        let wait = (deadline_ms - self.now_ms()).max(0) as u64;
        let jumped = async {
            match jumps.as_mut() {
                Some(rx) => {
                    let _ = rx.changed().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(std::time::Duration::from_millis(wait)) => {}
            _ = jumped => {}
        }
    }
}

pub fn to_rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Serialises an epoch-milliseconds column as an RFC 3339 UTC string.
pub fn serialize_ms<S: serde::Serializer>(ms: &i64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&to_rfc3339(*ms))
}

/// The same for nullable columns.
pub fn serialize_opt_ms<S: serde::Serializer>(
    ms: &Option<i64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => serializer.serialize_str(&to_rfc3339(*ms)),
        None => serializer.serialize_none(),
    }
}
