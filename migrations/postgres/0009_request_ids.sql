-- As migrations/0009 (SQLite).
ALTER TABLE jobs ADD COLUMN request_id TEXT;
CREATE INDEX jobs_kind_state ON jobs(kind, state, created_at);
