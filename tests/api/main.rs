//! Integration tests: the real server over real HTTP, with fake Twilio and
//! CloseBot servers that check our requests against their published APIs.

mod support;

mod auth;
mod bot_reply;
mod business_hours;
mod crash;
mod inbound;
mod opt_out;
mod resilience;
mod status_callbacks;
mod takeover;
