//! One provider call of a job, as its message's trace records it: when it
//! started, how long it took, the HTTP status, what went wrong in words.

use std::time::Instant;

use super::Outbox;
use crate::domain::trace::{Hop, HopKind, HopStatus};
use crate::providers::{in_words, CallError};
use crate::storage::Job;

pub(super) struct Attempt {
    kind: HopKind,
    at_ms: i64,
    started: Instant,
}

impl Attempt {
    /// Starts timing an attempt at `kind` (forward to CloseBot, send to Twilio).
    pub fn start(outbox: &Outbox, kind: HopKind) -> Self {
        Self {
            kind,
            at_ms: outbox.clock.now_ms(),
            started: Instant::now(),
        }
    }

    fn provider(&self) -> &'static str {
        match self.kind {
            HopKind::ForwardedToBot => "CloseBot",
            _ => "Twilio",
        }
    }

    fn hop(&self, job: &Job, status: HopStatus, http_status: Option<u16>) -> Hop {
        let took_ms = self.started.elapsed().as_millis() as i64;
        Hop::new(self.kind, status, self.at_ms).with(|d| {
            d.attempt = Some(job.attempts);
            d.http_status = http_status;
            d.took_ms = Some(took_ms);
        })
    }

    pub fn succeeded(&self, job: &Job, http_status: Option<u16>) -> Hop {
        self.hop(job, HopStatus::Ok, http_status)
    }

    /// A failed attempt; `retry_at` when another one is scheduled, none when
    /// this was the last (the job gave up, or the provider refused for good).
    pub fn failed(&self, job: &Job, error: &CallError, retry_at: Option<i64>) -> Hop {
        let called = !matches!(error, CallError::NotConfigured(_));
        let mut words = in_words(self.provider(), error);
        if retry_at.is_none() && !matches!(error, CallError::Rejected { .. }) {
            words = format!("Gave up after {} attempts: {words}", job.attempts);
        }
        self.hop(job, HopStatus::Failed, error.http_status())
            .with(|d| {
                d.took_ms = d.took_ms.filter(|_| called);
                d.error = Some(words);
                d.retry_at = retry_at;
                if let CallError::Rejected { code, .. } | CallError::Unauthorized { code, .. } =
                    error
                {
                    d.error_code = code.clone();
                }
            })
    }
}
