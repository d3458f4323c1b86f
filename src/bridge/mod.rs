//! The SMS bridge's business rules, independent of HTTP: what happens to an
//! inbound text, a bot reply, a status callback, a takeover, a satisfaction
//! survey. Each flow is one write operation (a savepoint in a group commit):
//! the message, its queued provider calls and its events are stored together
//! or not at all.

pub mod audience;
pub mod bot_reply;
pub mod csat;
pub mod events;
pub mod inbound;
pub mod outbound;
pub mod status;
pub mod takeover;
pub mod trace;
