-- Migrations run on a connection with foreign keys off (storage/mod.rs), as
-- SQLite's procedure for rebuilding a table requires: the routes table is
-- rebuilt below without touching the messages and events that point at it.
-- The migrator checks every foreign key afterwards.

-- The outbox, rebuilt:
-- * leases: a claimed job is the worker's until `lease_until`; a job still
--   `running` past it is put back in its lane at run time (queue/worker.rs);
-- * a third provider, `mail`, for alert emails;
-- * no foreign key to messages: jobs are short-lived, the rare delete of a
--   contact removes its jobs by lane, and a cascade would need an index that
--   every text would pay for.
CREATE TABLE jobs_v2 (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    provider    TEXT NOT NULL CHECK (provider IN ('twilio', 'closebot', 'mail')),
    lane        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    message_id  INTEGER,
    route_id    TEXT,
    state       TEXT NOT NULL CHECK (state IN ('waiting', 'ready', 'running', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      INTEGER NOT NULL,
    last_error  TEXT,
    lease_until INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
INSERT INTO jobs_v2 (id, kind, provider, lane, payload, message_id, route_id, state, attempts, run_at, last_error,
    created_at, updated_at)
SELECT id, kind, provider, lane, payload, message_id, route_id, state, attempts, run_at, last_error, created_at, updated_at
FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v2 RENAME TO jobs;
CREATE INDEX jobs_due ON jobs(provider, run_at) WHERE state = 'ready';
CREATE INDEX jobs_lane ON jobs(lane, state, id);
CREATE INDEX jobs_failed ON jobs(updated_at) WHERE state = 'failed';
CREATE INDEX jobs_leases ON jobs(provider, lease_until) WHERE state = 'running';
-- Forwards held for a route's hours (or backing off) are woken when its
-- hours change; forwards that run at once never enter this index.
CREATE INDEX jobs_route_held ON jobs(route_id, run_at)
    WHERE state = 'ready' AND kind = 'forward_to_bot' AND run_at > created_at;
CREATE TRIGGER jobs_promote_after_done AFTER DELETE ON jobs WHEN old.state IN ('ready', 'running') BEGIN
    UPDATE jobs SET state = 'ready'
    WHERE id = (SELECT id FROM jobs WHERE lane = old.lane AND state = 'waiting' ORDER BY id LIMIT 1)
      AND NOT EXISTS (SELECT 1 FROM jobs WHERE lane = old.lane AND state IN ('ready', 'running'));
END;
CREATE TRIGGER jobs_promote_after_failure AFTER UPDATE OF state ON jobs WHEN new.state = 'failed' AND old.state <> 'failed' BEGIN
    UPDATE jobs SET state = 'ready'
    WHERE id = (SELECT id FROM jobs WHERE lane = new.lane AND state = 'waiting' ORDER BY id LIMIT 1)
      AND NOT EXISTS (SELECT 1 FROM jobs WHERE lane = new.lane AND state IN ('ready', 'running'));
END;

-- Statuses that settle: a sent message without a final status is looked up
-- at Twilio when `next_status_check_at` comes (one sweep job reads this
-- index; a final status clears the column and so leaves the index).
ALTER TABLE messages ADD COLUMN status_checks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN next_status_check_at INTEGER;
CREATE INDEX messages_status_due ON messages(next_status_check_at) WHERE next_status_check_at IS NOT NULL;

-- Deleting a route keeps its row (`deleted_at`), so deleting one with a
-- million messages touches one row: its messages and events keep pointing at
-- it and show it as deleted. A live route's number is unique; a deleted one's
-- number may be routed again.
CREATE TABLE routes_v2 (
    id                  TEXT PRIMARY KEY,
    twilio_number       TEXT NOT NULL,
    twilio_number_sid   TEXT,
    closebot_source_id  TEXT NOT NULL,
    closebot_bot_id     TEXT,
    bot_name            TEXT,
    greeting_message    TEXT,
    after_hours_reply   TEXT,
    business_hours_json TEXT,
    max_concurrent      INTEGER NOT NULL DEFAULT 50,
    active              INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    deleted_at          INTEGER
);
INSERT INTO routes_v2 (id, twilio_number, twilio_number_sid, closebot_source_id, closebot_bot_id, bot_name,
    greeting_message, after_hours_reply, business_hours_json, max_concurrent, active, created_at, updated_at)
SELECT id, twilio_number, twilio_number_sid, closebot_source_id, closebot_bot_id, bot_name,
    greeting_message, after_hours_reply, business_hours_json, max_concurrent, active, created_at, updated_at
FROM routes;
DROP TABLE routes;
ALTER TABLE routes_v2 RENAME TO routes;
CREATE UNIQUE INDEX routes_live_number ON routes(twilio_number) WHERE deleted_at IS NULL;

-- Every foreign key a delete or a filter follows has an index, so removing a
-- contact, a message or a user never scans a big table inside the writer.
CREATE INDEX events_contact ON events(contact_id);
CREATE INDEX messages_sent_by ON messages(sent_by_user_id) WHERE sent_by_user_id IS NOT NULL;
CREATE INDEX after_hours_notices_route ON after_hours_notices(route_id);

-- Liveness probes: the health check's write round trip through the writer.
CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    at   INTEGER NOT NULL
);
