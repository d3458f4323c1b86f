-- Contacts as a list of their own: a company, email in the search index,
-- a suppression list that outlives a deleted contact, per-route counts, and
-- CSV imports that run in the background.

ALTER TABLE contacts ADD COLUMN company TEXT;

-- Numbers that opted out, with the evidence. A contact's opt-out is written
-- here too, so deleting the contact keeps the number suppressed, and a
-- number that texts again after its contact was deleted starts opted out.
CREATE TABLE suppressions (
    phone        TEXT PRIMARY KEY,
    keyword      TEXT NOT NULL,
    message_sid  TEXT,
    opted_out_at INTEGER NOT NULL
);
INSERT INTO suppressions (phone, keyword, message_sid, opted_out_at)
SELECT phone, COALESCE(opt_out_keyword, 'STOP'), opt_out_message_sid, opted_out_at
FROM contacts WHERE opted_out_at IS NOT NULL;

-- The trigram index covers email too (the contacts list searches it).
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_update;
DROP TRIGGER contacts_fts_delete;
DROP TABLE contacts_fts;
CREATE VIRTUAL TABLE contacts_fts USING fts5(contact_id UNINDEXED, name, phone_digits, email, tokenize='trigram');
INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits, email)
SELECT rowid, id, name, phone_digits, email FROM contacts;
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits, email)
    VALUES (new.rowid, new.id, new.name, new.phone_digits, new.email);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, phone_digits, email ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid AND contact_id = old.id;
    INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits, email)
    VALUES (new.rowid, new.id, new.name, new.phone_digits, new.email);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid AND contact_id = old.id;
END;

-- Message counts per route and UTC hour (the Bots page's figures and
-- sparklines, analytics per bot), added once per group commit like the
-- global ones.
CREATE TABLE message_counts_route_hourly (
    route_id    TEXT NOT NULL,
    hour_start  INTEGER NOT NULL,
    inbound     INTEGER NOT NULL DEFAULT 0,
    outbound    INTEGER NOT NULL DEFAULT 0,
    bot_replies INTEGER NOT NULL DEFAULT 0,
    manual      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (route_id, hour_start)
) WITHOUT ROWID;
INSERT INTO message_counts_route_hourly (route_id, hour_start, inbound, outbound, bot_replies, manual)
SELECT route_id, created_at - created_at % 3600000, SUM(direction = 'inbound'), SUM(direction = 'outbound'),
       SUM(source = 'bot' AND COALESCE(twilio_status, '') <> 'canceled'), SUM(source = 'manual')
FROM messages WHERE route_id IS NOT NULL GROUP BY 1, 2;

-- CSV imports. The file is kept until the import ends, and `rows_done`
-- moves with each batch's commit, so a restart resumes exactly where it was.
CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    -- draft: uploaded, being mapped; running; done; stopped (by a person); failed.
    state         TEXT NOT NULL CHECK (state IN ('draft', 'running', 'done', 'stopped', 'failed')),
    file_name     TEXT NOT NULL,
    -- {"columns": {...}, "defaultCountry", "defaultStatus", "firstMessage": {...}}
    options_json  TEXT NOT NULL,
    total_rows    INTEGER NOT NULL,
    rows_done     INTEGER NOT NULL DEFAULT 0,
    created       INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    messages_queued INTEGER NOT NULL DEFAULT 0,
    -- With a first message: when the next one may go (the sending number's rate).
    next_send_at  INTEGER,
    error         TEXT,
    created_by    TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE TABLE import_files (
    import_id TEXT PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
    content   BLOB NOT NULL
);
CREATE TABLE import_rejections (
    import_id  TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    raw        TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number)
) WITHOUT ROWID;
