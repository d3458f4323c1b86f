//! Integration tests: the real server over real HTTP, with fake Twilio and
//! CloseBot servers that check our requests against their published APIs.

mod support;

mod alerts;
mod analytics;
mod auth;
mod backup;
mod bad_input;
mod bot_reply;
mod bots;
mod business_hours;
mod cli;
mod compression;
mod contact_sorting;
mod contacts;
mod conversation_list;
mod crash;
mod csat;
mod deploy;
mod imports;
mod inbound;
mod instances;
mod leases;
mod live_events;
mod metrics;
mod opt_out;
mod portable;
mod request_ids;
mod resilience;
mod routes;
mod sandbox;
mod security_headers;
mod settings;
mod setup_actions;
mod status_callbacks;
mod supervision;
mod takeover;
mod team;
mod trace;
mod web_assets;
