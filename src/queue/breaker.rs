//! A circuit breaker per provider: while a provider is down, only one job at
//! a time probes it, at growing intervals, instead of every queued job
//! hammering it (a million waiting forwards cost nothing while they wait).

use std::time::Duration;

use super::Health;

const FIRST_PAUSE: Duration = Duration::from_millis(500);
const LONGEST_PAUSE: Duration = Duration::from_secs(60);

#[derive(Debug, Default)]
pub struct Breaker {
    consecutive_failures: u32,
    closed_until_ms: i64,
    longest_pause: Option<Duration>,
}

impl Breaker {
    pub fn with_longest_pause(longest: Duration) -> Self {
        Self {
            longest_pause: Some(longest),
            ..Self::default()
        }
    }

    /// How many jobs may run now (of `max`).
    pub fn capacity(&self, now_ms: i64, max: usize) -> usize {
        match self.consecutive_failures {
            0 => max,
            _ if now_ms < self.closed_until_ms => 0,
            _ => 1,
        }
    }

    /// When a paused provider may be probed again.
    pub fn paused_until(&self, now_ms: i64) -> Option<i64> {
        (self.consecutive_failures > 0 && now_ms < self.closed_until_ms)
            .then_some(self.closed_until_ms)
    }

    /// Records a job's outcome; true when the provider just came back.
    pub fn observe(&mut self, health: Health, now_ms: i64) -> bool {
        match health {
            Health::Answered => {
                let recovered = self.consecutive_failures > 0;
                self.consecutive_failures = 0;
                recovered
            }
            Health::Unavailable { retry_after } => {
                self.consecutive_failures = self.consecutive_failures.saturating_add(1);
                let longest = self.longest_pause.unwrap_or(LONGEST_PAUSE);
                let pause = FIRST_PAUSE
                    .min(longest)
                    .checked_mul(2u32.saturating_pow(self.consecutive_failures.min(16) - 1))
                    .unwrap_or(longest)
                    .min(longest);
                let pause = retry_after.map_or(pause, |asked| asked.min(LONGEST_PAUSE).max(pause));
                self.closed_until_ms = now_ms + pause.as_millis() as i64;
                false
            }
            Health::NotCalled => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_then_probes_one_at_a_time_then_recovers() {
        let mut breaker = Breaker::default();
        assert_eq!(breaker.capacity(0, 16), 16);
        breaker.observe(Health::Unavailable { retry_after: None }, 0);
        assert_eq!(breaker.capacity(100, 16), 0);
        assert_eq!(breaker.paused_until(100), Some(500));
        assert_eq!(breaker.capacity(500, 16), 1);
        breaker.observe(Health::Unavailable { retry_after: None }, 500);
        assert_eq!(breaker.paused_until(500), Some(1500));
        assert!(breaker.observe(Health::Answered, 1600));
        assert_eq!(breaker.capacity(1600, 16), 16);
    }

    #[test]
    fn honours_retry_after_and_caps_pauses() {
        let mut breaker = Breaker::default();
        breaker.observe(
            Health::Unavailable {
                retry_after: Some(Duration::from_secs(5)),
            },
            0,
        );
        assert_eq!(breaker.paused_until(0), Some(5000));
        for _ in 0..40 {
            breaker.observe(Health::Unavailable { retry_after: None }, 0);
        }
        assert_eq!(breaker.paused_until(0), Some(60_000));
    }

    #[test]
    fn jobs_that_never_called_do_not_count() {
        let mut breaker = Breaker::default();
        assert!(!breaker.observe(Health::NotCalled, 0));
        assert_eq!(breaker.capacity(0, 4), 4);
    }
}
