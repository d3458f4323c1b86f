//! How a conversation ended, for the outcome chart. One rule, from the
//! contact's status (set by a person, an import, or CloseBot's booking and
//! tag signals) and how long it has been quiet.

use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Booked,
    Qualified,
    Dropped,
    Pending,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [Self::Booked, Self::Qualified, Self::Dropped, Self::Pending];
}

/// Booked and qualified contacts are what their status says, whatever the
/// silence; closed, cold and opted-out ones dropped; any other that has
/// been quiet for more than `dropped_after_days` dropped too; the rest are
/// still pending.
/// Before this instant a conversation's silence makes it dropped.
pub fn quiet_since(now_ms: i64, dropped_after_days: u32) -> i64 {
    now_ms - i64::from(dropped_after_days) * 86_400_000
}

pub fn outcome(
    status: &str,
    opted_out: bool,
    last_message_at: Option<i64>,
    now_ms: i64,
    dropped_after_days: u32,
) -> Outcome {
    match status {
        "booked" => Outcome::Booked,
        "qualified" => Outcome::Qualified,
        "closed" | "cold" => Outcome::Dropped,
        _ if opted_out => Outcome::Dropped,
        _ => {
            let quiet_since = quiet_since(now_ms, dropped_after_days);
            match last_message_at {
                Some(at) if at < quiet_since => Outcome::Dropped,
                _ => Outcome::Pending,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn status_first_then_silence() {
        let now = 100 * DAY;
        assert_eq!(outcome("booked", true, Some(0), now, 7), Outcome::Booked);
        assert_eq!(
            outcome("qualified", false, Some(0), now, 7),
            Outcome::Qualified
        );
        assert_eq!(outcome("cold", false, Some(now), now, 7), Outcome::Dropped);
        assert_eq!(
            outcome("active", true, Some(now), now, 7),
            Outcome::Dropped,
            "opted out"
        );
        assert_eq!(
            outcome("active", false, Some(now - 8 * DAY), now, 7),
            Outcome::Dropped
        );
        assert_eq!(
            outcome("new", false, Some(now - 6 * DAY), now, 7),
            Outcome::Pending
        );
        assert_eq!(outcome("new", false, None, now, 7), Outcome::Pending);
    }
}
