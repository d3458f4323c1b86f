//! CloseBot SMS: a Twilio ⇄ CloseBot SMS bridge with a live dashboard.
//!
//! Layers, outermost first: `http` (webhooks, JSON API, SSE, embedded web
//! app) → `bridge` (the business flows) → `storage` (all SQL) and `queue`
//! (the durable outbox worker) → `providers` (Twilio and CloseBot clients) →
//! `domain` and `security` (pure rules, unit-tested in place).

pub mod app_secret;
pub mod app_state;
pub mod bridge;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod preferences;
pub mod providers;
pub mod queue;
pub mod security;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod users;
