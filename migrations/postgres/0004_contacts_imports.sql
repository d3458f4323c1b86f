-- As migrations/0004 (SQLite).
ALTER TABLE contacts ADD COLUMN company TEXT;

CREATE TABLE suppressions (
    phone        TEXT PRIMARY KEY,
    keyword      TEXT NOT NULL,
    message_sid  TEXT,
    opted_out_at BIGINT NOT NULL
);
INSERT INTO suppressions (phone, keyword, message_sid, opted_out_at)
SELECT phone, COALESCE(opt_out_keyword, 'STOP'), opt_out_message_sid, opted_out_at
FROM contacts WHERE opted_out_at IS NOT NULL;

-- The trigram search covers email too (the contacts list searches it).
CREATE INDEX contacts_email_trgm ON contacts USING gin (email gin_trgm_ops);

CREATE TABLE message_counts_route_hourly (
    route_id    TEXT NOT NULL,
    hour_start  BIGINT NOT NULL,
    inbound     BIGINT NOT NULL DEFAULT 0,
    outbound    BIGINT NOT NULL DEFAULT 0,
    bot_replies BIGINT NOT NULL DEFAULT 0,
    manual      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (route_id, hour_start)
);
INSERT INTO message_counts_route_hourly (route_id, hour_start, inbound, outbound, bot_replies, manual)
SELECT route_id, created_at - created_at % 3600000,
       SUM(CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END),
       SUM(CASE WHEN direction = 'outbound' THEN 1 ELSE 0 END),
       SUM(CASE WHEN source = 'bot' AND COALESCE(twilio_status, '') <> 'canceled' THEN 1 ELSE 0 END),
       SUM(CASE WHEN source = 'manual' THEN 1 ELSE 0 END)
FROM messages WHERE route_id IS NOT NULL GROUP BY 1, 2;

CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    state         TEXT NOT NULL CHECK (state IN ('draft', 'running', 'done', 'stopped', 'failed')),
    file_name     TEXT NOT NULL,
    options_json  TEXT NOT NULL,
    total_rows    BIGINT NOT NULL,
    rows_done     BIGINT NOT NULL DEFAULT 0,
    created       BIGINT NOT NULL DEFAULT 0,
    updated       BIGINT NOT NULL DEFAULT 0,
    skipped       BIGINT NOT NULL DEFAULT 0,
    rejected      BIGINT NOT NULL DEFAULT 0,
    messages_queued BIGINT NOT NULL DEFAULT 0,
    next_send_at  BIGINT,
    error         TEXT,
    created_by    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    finished_at   BIGINT
);
CREATE TABLE import_files (
    import_id TEXT PRIMARY KEY REFERENCES imports(id) ON DELETE CASCADE,
    content   BYTEA NOT NULL
);
CREATE TABLE import_rejections (
    import_id  TEXT NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    row_number BIGINT NOT NULL,
    reason     TEXT NOT NULL,
    raw        TEXT NOT NULL,
    PRIMARY KEY (import_id, row_number)
);
