//! CloseBot SMS: a Twilio ⇄ CloseBot SMS bridge with a live dashboard.
//!
//! Layers, outermost first; each imports only the layers after it:
//!
//! 1. `startup`, `http` (webhooks, JSON API, SSE, embedded web app)
//! 2. `app_state` (what handlers share), `insights` (dashboard figures),
//!    `imports` (CSV imports of contacts, run in the background),
//!    `settings_sync` (settings saved on another instance, reloaded)
//! 3. `queue` (the supervised outbox workers, with their own `Outbox` context),
//!    `backup` (copies of the database, restores, the lock a server holds)
//! 4. `bridge` (the business flows, each one write transaction), `alerts`
//!    (what admins hear of: settings, batching, the digests)
//! 5. `storage` (all SQL) and `providers` (Twilio and CloseBot clients)
//! 6. `domain` and `security` (pure rules and types, unit-tested in place)
//!
//! Beside them: `config`, `clock`, `telemetry`, `monitoring` (metrics), `cli`,
//! `preferences`, `users`, and `sandbox` (the simulated providers of sandbox
//! mode, switched from layer 2).

pub mod alerts;
pub mod app_secret;
pub mod app_state;
pub mod backup;
pub mod bridge;
pub mod cli;
pub mod clock;
pub mod config;
pub mod domain;
pub mod http;
pub mod imports;
pub mod insights;
pub mod monitoring;
pub mod preferences;
pub mod providers;
pub mod queue;
pub mod sandbox;
pub mod security;
pub mod settings_sync;
pub mod startup;
pub mod storage;
pub mod telemetry;
pub mod users;
