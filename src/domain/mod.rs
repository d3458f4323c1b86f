//! Pure domain rules: no I/O here, so every piece is unit-tested in place.

pub mod analytics;
pub mod business_hours;
pub mod csat;
pub mod eligibility;
pub mod events;
pub mod ids;
pub mod keywords;
pub mod lead_signals;
pub mod message;
pub mod phone;
pub mod segments;
pub mod trace;
pub mod twilio_errors;
