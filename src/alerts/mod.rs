//! Alerts: an admin hears of delivery failures, new leads and opt-outs by
//! email or SMS, batched so that a burst is one message, not hundreds.

pub mod config;
