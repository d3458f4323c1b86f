//! What several instances sharing one Postgres database agree through the
//! database itself (docs/postgres.md, "Several instances"). SQLite has one
//! instance per file, so everything here is a no-op there.
//!
//! - **One group commit at a time.** Each instance's writer takes one
//!   transaction-level advisory lock as its group's first statement and
//!   holds it until the commit. Groups from all instances are therefore
//!   serialised: every statement of a group sees every group committed
//!   before it (READ COMMITTED takes a snapshot per statement), so a lane
//!   gets one head however many instances enqueue for the contact, and
//!   event ids (taken at the end of the group) ascend in commit order, so a
//!   reader resuming after id N never misses a lower id committed later.
//!   One lock, always taken first: no deadlock between writers.
//! - **Announcements.** A group that recorded events, changed routes or
//!   saved settings sends `NOTIFY` on the matching channel; Postgres
//!   delivers it at commit, to every instance's listener (ours included).
//!   The relay (`relay`) turns them into the local broadcast of events, a
//!   reload of the route cache and a settings signal.

use super::engine::{Done, TxConn};

/// The advisory lock key of the group commit ("CBSMSGRP").
const GROUP_LOCK: i64 = 0x4342_534D_5347_5250;

pub(super) const EVENTS_CHANNEL: &str = "closebot_events";
pub(super) const ROUTES_CHANNEL: &str = "closebot_routes";
pub(super) const SETTINGS_CHANNEL: &str = "closebot_settings";

/// Takes the group-commit lock (Postgres); returns when no other instance's
/// group is between its first statement and its commit.
pub(super) async fn begin_group(tx: &mut TxConn) -> sqlx::Result<()> {
    if let TxConn::Postgres(tx) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(GROUP_LOCK)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// What a group changed that other instances must hear about.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Changes {
    pub events: bool,
    pub routes: bool,
    pub settings: bool,
}

impl Changes {
    fn channels(self) -> Vec<&'static str> {
        // Routes and settings first: an event naming a new route finds it loaded.
        [
            (self.routes, ROUTES_CHANNEL),
            (self.settings, SETTINGS_CHANNEL),
            (self.events, EVENTS_CHANNEL),
        ]
        .into_iter()
        .filter_map(|(changed, channel)| changed.then_some(channel))
        .collect()
    }
}

/// Queues the group's notifications (Postgres sends them at commit, and
/// only if it commits).
pub(super) async fn announce(tx: &mut TxConn, changes: Changes) -> sqlx::Result<()> {
    let TxConn::Postgres(tx) = tx else {
        return Ok(());
    };
    let channels = changes.channels();
    if channels.is_empty() {
        return Ok(());
    }
    sqlx::query("SELECT pg_notify(channel, '') FROM unnest($1::text[]) AS channel")
        .bind(channels)
        .execute(&mut **tx)
        .await
        .map(Done::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_changed_is_announced() {
        assert!(Changes::default().channels().is_empty());
        let changes = Changes {
            events: true,
            routes: false,
            settings: true,
        };
        assert_eq!(changes.channels(), [SETTINGS_CHANNEL, EVENTS_CHANNEL]);
    }
}
