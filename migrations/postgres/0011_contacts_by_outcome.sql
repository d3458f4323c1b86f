-- As migrations/0011 (SQLite).
CREATE INDEX contacts_by_outcome ON contacts(status, (opted_out_at IS NOT NULL), last_message_at);
