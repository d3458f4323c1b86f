//! Bot response times as a histogram of 5%-wide bins: small enough to keep
//! per route and quarter hour, mergeable over any range, and precise enough
//! that the median of the merged bins is within 2.5% of the true one.

use std::collections::BTreeMap;

/// Each bin is this much wider than the one before it.
const GROWTH: f64 = 1.05;
/// Bin 0 holds everything under a second.
const FIRST_EDGE_MS: f64 = 1000.0;
/// Longer waits (over a month) all land in the last bin.
const LAST_BIN: u16 = 350;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResponseTimes {
    bins: BTreeMap<u16, u32>,
}

impl ResponseTimes {
    pub fn add(&mut self, wait_ms: i64) {
        *self.bins.entry(bin_of(wait_ms)).or_default() += 1;
    }

    pub fn merge(&mut self, other: &ResponseTimes) {
        for (bin, n) in &other.bins {
            *self.bins.entry(*bin).or_default() += n;
        }
    }

    pub fn count(&self) -> u64 {
        self.bins.values().map(|n| u64::from(*n)).sum()
    }

    /// The median wait in milliseconds (the middle of its bin); `None` when empty.
    pub fn median_ms(&self) -> Option<i64> {
        let total = self.count();
        if total == 0 {
            return None;
        }
        let half = total.div_ceil(2);
        let mut seen = 0;
        for (bin, n) in &self.bins {
            seen += u64::from(*n);
            if seen >= half {
                return Some(middle_of(*bin));
            }
        }
        None
    }

    /// Little-endian pairs of (bin: u16, count: u32).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bins.len() * 6);
        for (bin, n) in &self.bins {
            out.extend_from_slice(&bin.to_le_bytes());
            out.extend_from_slice(&n.to_le_bytes());
        }
        out
    }

    /// Reads [`Self::to_bytes`]; a damaged tail is ignored.
    pub fn from_bytes(bytes: &[u8]) -> Self {
        let bins = bytes
            .chunks_exact(6)
            .map(|c| {
                (
                    u16::from_le_bytes([c[0], c[1]]),
                    u32::from_le_bytes([c[2], c[3], c[4], c[5]]),
                )
            })
            .collect();
        Self { bins }
    }
}

fn bin_of(wait_ms: i64) -> u16 {
    let ms = wait_ms as f64;
    if ms < FIRST_EDGE_MS {
        return 0;
    }
    let bin = ((ms / FIRST_EDGE_MS).ln() / GROWTH.ln()).floor() as i64 + 1;
    bin.clamp(1, i64::from(LAST_BIN)) as u16
}

/// The geometric middle of a bin (half a second for bin 0).
fn middle_of(bin: u16) -> i64 {
    if bin == 0 {
        return 500;
    }
    let low = FIRST_EDGE_MS * GROWTH.powi(i32::from(bin) - 1);
    (low * GROWTH.sqrt()).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_within_two_and_a_half_percent() {
        for waits in [
            vec![105_000],
            vec![3_000, 40_000, 105_000, 600_000, 7_200_000],
            (1..=1000).map(|i| i * 977).collect::<Vec<i64>>(),
        ] {
            let mut times = ResponseTimes::default();
            for w in &waits {
                times.add(*w);
            }
            let mut sorted = waits.clone();
            sorted.sort();
            let truth = sorted[(sorted.len() - 1) / 2] as f64;
            let median = times.median_ms().unwrap() as f64;
            assert!(
                (median - truth).abs() / truth <= 0.025,
                "{median} vs {truth}"
            );
        }
    }

    #[test]
    fn merges_and_round_trips() {
        let mut a = ResponseTimes::default();
        a.add(200);
        a.add(90_000);
        let mut b = ResponseTimes::default();
        b.add(90_500);
        b.add(i64::MAX);
        a.merge(&b);
        assert_eq!(a.count(), 4);
        assert_eq!(ResponseTimes::from_bytes(&a.to_bytes()), a);
        assert_eq!(ResponseTimes::default().median_ms(), None);
        assert_eq!(ResponseTimes::from_bytes(&[1, 2, 3]).count(), 0);
    }
}
