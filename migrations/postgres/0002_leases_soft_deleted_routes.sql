-- As migrations/0002 (SQLite), which rebuilds two tables to change them;
-- Postgres alters them in place.

-- The outbox: leases, a third provider (`mail`), no foreign key to messages.
ALTER TABLE jobs DROP CONSTRAINT jobs_provider_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_provider_check CHECK (provider IN ('twilio', 'closebot', 'mail'));
ALTER TABLE jobs DROP CONSTRAINT jobs_message_id_fkey;
ALTER TABLE jobs ADD COLUMN lease_until BIGINT;
CREATE INDEX jobs_leases ON jobs(provider, lease_until) WHERE state = 'running';
CREATE INDEX jobs_route_held ON jobs(route_id, run_at)
    WHERE state = 'ready' AND kind = 'forward_to_bot' AND run_at > created_at;

ALTER TABLE messages ADD COLUMN status_checks BIGINT NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN next_status_check_at BIGINT;
CREATE INDEX messages_status_due ON messages(next_status_check_at) WHERE next_status_check_at IS NOT NULL;

-- Deleting a route keeps its row; a live route's number is unique, a
-- deleted one's number may be routed again.
ALTER TABLE routes ADD COLUMN deleted_at BIGINT;
ALTER TABLE routes DROP CONSTRAINT routes_twilio_number_key;
CREATE UNIQUE INDEX routes_live_number ON routes(twilio_number) WHERE deleted_at IS NULL;

CREATE INDEX events_contact ON events(contact_id);
CREATE INDEX messages_sent_by ON messages(sent_by_user_id) WHERE sent_by_user_id IS NOT NULL;
CREATE INDEX after_hours_notices_route ON after_hours_notices(route_id);

CREATE TABLE heartbeats (
    name TEXT PRIMARY KEY,
    at   BIGINT NOT NULL
);
