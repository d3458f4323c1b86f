//! Public endpoints the providers call. Each checks its caller before
//! touching anything, stores what it accepts durably, then answers.

pub mod closebot;
pub mod twilio;
