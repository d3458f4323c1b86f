-- The team: a password chosen by someone else must be replaced at first use;
-- when each user last signed in.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN last_login_at INTEGER;

-- CloseBot WebHook sources this installation created: their callback URL is
-- ours, so rotating the response token re-points them.
CREATE TABLE closebot_sources (
    source_id  TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    bot_id     TEXT,
    created_at INTEGER NOT NULL
);

-- What alerts are about, waiting to be sent in one batch per channel
-- (`email`, `sms`). Filled from the event log (the alerter keeps its place
-- in `settings` under `alerts.last_event_id`), emptied by the alert jobs.
CREATE TABLE alert_items (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    kind       TEXT NOT NULL CHECK (kind IN ('delivery_failure', 'new_lead', 'opt_out')),
    contact_id TEXT,
    summary    TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX alert_items_channel ON alert_items(channel, id);
