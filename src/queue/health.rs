//! How each delivery worker is doing, as its supervisor and its own loop
//! report it: alive or not, when it last went round its loop, how often it
//! was restarted and why it last died. `GET /api/health` reads this.

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::storage::Provider;

/// A worker goes round its loop at least this often, even with nothing to do.
pub const HEARTBEAT: Duration = Duration::from_secs(5);
/// A worker silent for longer than this counts as stuck.
pub const STALE_AFTER: Duration = Duration::from_secs(30);

pub struct WorkerHealth {
    started: Instant,
    workers: [WorkerState; 3],
}

#[derive(Default)]
struct WorkerState {
    alive: AtomicBool,
    /// Milliseconds after `started` of the last heartbeat.
    last_beat: AtomicI64,
    restarts: AtomicU64,
    last_death: Mutex<Option<String>>,
}

/// One worker's state at the moment of asking.
#[derive(Debug, Clone)]
pub struct WorkerReport {
    pub provider: Provider,
    pub alive: bool,
    pub since_heartbeat: Duration,
    pub restarts: u64,
    pub last_death: Option<String>,
}

impl WorkerReport {
    /// Running and going round its loop.
    pub fn ok(&self) -> bool {
        self.alive && self.since_heartbeat <= STALE_AFTER
    }
}

impl Default for WorkerHealth {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            workers: Default::default(),
        }
    }
}

impl WorkerHealth {
    fn of(&self, provider: Provider) -> &WorkerState {
        &self.workers[provider.index()]
    }

    pub fn beat(&self, provider: Provider) {
        let now = self.started.elapsed().as_millis() as i64;
        self.of(provider).last_beat.store(now, Ordering::Relaxed);
    }

    pub(super) fn started(&self, provider: Provider) {
        self.beat(provider);
        self.of(provider).alive.store(true, Ordering::Relaxed);
    }

    pub(super) fn stopped(&self, provider: Provider) {
        self.of(provider).alive.store(false, Ordering::Relaxed);
    }

    pub(super) fn died(&self, provider: Provider, cause: String) -> u64 {
        let worker = self.of(provider);
        worker.alive.store(false, Ordering::Relaxed);
        *worker
            .last_death
            .lock()
            .expect("health lock is never poisoned") = Some(cause);
        worker.restarts.fetch_add(1, Ordering::Relaxed) + 1
    }

    pub fn report(&self) -> Vec<WorkerReport> {
        let now = self.started.elapsed().as_millis() as i64;
        Provider::ALL
            .into_iter()
            .map(|provider| {
                let worker = self.of(provider);
                let beat = worker.last_beat.load(Ordering::Relaxed);
                WorkerReport {
                    provider,
                    alive: worker.alive.load(Ordering::Relaxed),
                    since_heartbeat: Duration::from_millis((now - beat).max(0) as u64),
                    restarts: worker.restarts.load(Ordering::Relaxed),
                    last_death: worker
                        .last_death
                        .lock()
                        .expect("health lock is never poisoned")
                        .clone(),
                }
            })
            .collect()
    }
}

/// Fault injection for the resilience tests: inert unless a test flips a
/// switch, and then it makes a worker die the way a bug would (a panic in
/// its loop), so the supervision around it is tested for real.
#[derive(Default)]
pub struct Faults {
    worker_panics: [AtomicU64; 3],
}

impl Faults {
    /// The next `times` turns of `provider`'s worker loop panic.
    pub fn kill_worker(&self, provider: Provider, times: u64) {
        self.switch(provider).store(times, Ordering::Relaxed);
    }

    fn switch(&self, provider: Provider) -> &AtomicU64 {
        &self.worker_panics[provider.index()]
    }

    pub(super) fn strike(&self, provider: Provider) {
        let switch = self.switch(provider);
        let armed = switch
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1))
            .is_ok();
        if armed {
            panic!(
                "injected fault: the {} worker was killed",
                provider.as_str()
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worker_is_ok_while_alive_and_beating() {
        let health = WorkerHealth::default();
        assert!(!health.report()[0].ok(), "not started yet");
        health.started(Provider::Twilio);
        assert!(health.report()[0].ok());
        assert_eq!(health.died(Provider::Twilio, "boom".into()), 1);
        let report = &health.report()[0];
        assert!(!report.ok());
        assert_eq!(report.last_death.as_deref(), Some("boom"));
        assert!(health.report()[1].restarts == 0);
    }

    #[test]
    fn an_armed_fault_strikes_as_often_as_asked() {
        let faults = Faults::default();
        faults.kill_worker(Provider::Closebot, 2);
        for _ in 0..2 {
            let struck = std::panic::catch_unwind(|| faults.strike(Provider::Closebot));
            assert!(struck.is_err());
        }
        faults.strike(Provider::Closebot);
        faults.strike(Provider::Twilio);
    }
}
