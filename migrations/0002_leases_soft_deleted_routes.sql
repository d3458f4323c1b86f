-- Migrations run on a connection with foreign keys off (storage/mod.rs), as
-- SQLite's procedure for rebuilding a table requires: the routes table is
-- rebuilt below without touching the messages and events that point at it.
-- The migrator checks every foreign key afterwards.

-- Leases: a claimed job is the worker's until `lease_until`. A job still
-- `running` past it is put back in its lane at run time (queue/worker.rs).
ALTER TABLE jobs ADD COLUMN lease_until INTEGER;
CREATE INDEX jobs_leases ON jobs(provider, lease_until) WHERE state = 'running';

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
CREATE INDEX jobs_message ON jobs(message_id) WHERE message_id IS NOT NULL;
CREATE INDEX after_hours_notices_route ON after_hours_notices(route_id);
-- Forwards held for a route's hours are woken when its hours change.
CREATE INDEX jobs_route_held ON jobs(route_id, run_at) WHERE state = 'ready' AND kind = 'forward_to_bot';

-- Liveness probes: the health check's write round trip through the writer.
CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    at   INTEGER NOT NULL
);
