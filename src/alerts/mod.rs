//! Alerts: an admin hears of delivery failures, new leads and opt-outs by
//! email or SMS, batched so that a burst is one message, not hundreds. The
//! queue watches the event log for them (`queue::alert_watch`) and sends
//! each channel's batch as a job (`queue::alert_send`).

pub mod config;
pub mod digest;
pub mod kinds;
