-- CloseBot SMS schema. Times are Unix epoch milliseconds (UTC); the API
-- renders them as RFC 3339. Phone numbers are E.164 text.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- App-wide settings; `encrypted` values are AES-GCM ciphertext (see keyring).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    encrypted  INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

CREATE TABLE routes (
    id                  TEXT PRIMARY KEY,
    twilio_number       TEXT NOT NULL UNIQUE,
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
    updated_at          INTEGER NOT NULL
);

CREATE TABLE contacts (
    id                   TEXT PRIMARY KEY,
    phone                TEXT NOT NULL UNIQUE,
    phone_digits         TEXT NOT NULL,
    name                 TEXT,
    email                TEXT,
    status               TEXT NOT NULL DEFAULT 'new',
    -- 'bot' while CloseBot answers; 'human' after a person takes over.
    mode                 TEXT NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'human')),
    closebot_lead_id     TEXT,
    assigned_bot_id      TEXT,
    assigned_route_id    TEXT REFERENCES routes(id) ON DELETE SET NULL,
    tags                 TEXT,
    fields_json          TEXT,
    -- Opt-out evidence: when, which keyword (or Twilio error 21610), which message.
    opted_out_at         INTEGER,
    opt_out_keyword      TEXT,
    opt_out_message_sid  TEXT,
    first_contact        INTEGER NOT NULL,
    last_contact         INTEGER NOT NULL,
    message_count        INTEGER NOT NULL DEFAULT 0,
    unread_count         INTEGER NOT NULL DEFAULT 0,
    -- Denormalised latest message, so the conversation list is one index walk.
    last_message_id      INTEGER,
    last_message_at      INTEGER,
    last_message_preview TEXT,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);
CREATE INDEX contacts_last_message ON contacts(last_message_at DESC, id);
-- Filters by bot go through the routes that bot answers (see BotFilter).
CREATE INDEX contacts_route_recent ON contacts(assigned_route_id, last_message_at);
CREATE INDEX contacts_digits ON contacts(phone_digits);

-- Substring search over names and phone digits (trigram: `LIKE '%…%'` uses
-- the index). Rows are tied to the contact's rowid, with its id kept to
-- guard deletes in case a VACUUM renumbers rowids.
CREATE VIRTUAL TABLE contacts_fts USING fts5(contact_id UNINDEXED, name, phone_digits, tokenize='trigram');
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits) VALUES (new.rowid, new.id, new.name, new.phone_digits);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, phone_digits ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid AND contact_id = old.id;
    INSERT INTO contacts_fts (rowid, contact_id, name, phone_digits) VALUES (new.rowid, new.id, new.name, new.phone_digits);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid AND contact_id = old.id;
END;

CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id          TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    route_id            TEXT REFERENCES routes(id) ON DELETE SET NULL,
    direction           TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    source              TEXT NOT NULL CHECK (source IN ('customer', 'bot', 'manual', 'system')),
    body                TEXT NOT NULL,
    from_number         TEXT NOT NULL,
    to_number           TEXT NOT NULL,
    media_json          TEXT,
    twilio_sid          TEXT UNIQUE,
    twilio_status       TEXT,
    error_code          TEXT,
    error_message       TEXT,
    closebot_message_id TEXT,
    -- Inbound only: what happened on the way to the bot
    -- (queued, held, forwarded, failed, keyword, human, opted_out, no_route, inactive_route).
    forward_state       TEXT,
    sent_by_user_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    -- Outbound only: set when a send attempt starts, so a crash mid-request is
    -- reconciled with Twilio before any second attempt.
    send_started_at     INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX messages_contact ON messages(contact_id, id);
CREATE INDEX messages_created ON messages(created_at);
-- Bot replies are deduplicated by CloseBot's message id; partial, so the
-- many messages without one add nothing to the index.
CREATE UNIQUE INDEX messages_closebot_id ON messages(closebot_message_id) WHERE closebot_message_id IS NOT NULL;

-- Message counts per UTC hour, so dashboard rates over days read a few
-- hundred rows instead of every message. The writer adds each group commit's
-- counts in one statement (storage/message_counts.rs).
CREATE TABLE message_counts_hourly (
    hour_start  INTEGER PRIMARY KEY,
    inbound     INTEGER NOT NULL DEFAULT 0,
    outbound    INTEGER NOT NULL DEFAULT 0,
    bot_replies INTEGER NOT NULL DEFAULT 0,
    manual      INTEGER NOT NULL DEFAULT 0
);

-- Word search over message text (external content: the text lives once).
-- New messages are indexed in bulk a moment after they are stored (see
-- storage/search_index.rs), not one by one inside the webhook's commit;
-- `indexed_up_to` is the last message id in the index.
CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE search_index_state (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    indexed_up_to INTEGER NOT NULL
);
INSERT INTO search_index_state (id, indexed_up_to) VALUES (1, 0);
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.id <= (SELECT indexed_up_to FROM search_index_state WHERE id = 1) BEGIN
    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
-- Every new message counts on its contact and becomes its latest; an
-- outbound one turns a new contact active. (A trigger: one statement from
-- the writer instead of two.)
CREATE TRIGGER messages_touch_contact AFTER INSERT ON messages BEGIN
    UPDATE contacts SET
        message_count = message_count + 1,
        unread_count = unread_count + (new.direction = 'inbound'),
        last_message_id = new.id,
        last_message_at = new.created_at,
        last_message_preview = substr(new.body, 1, 160),
        last_contact = new.created_at,
        updated_at = new.created_at,
        status = CASE WHEN new.direction = 'outbound' AND status = 'new' THEN 'active' ELSE status END
    WHERE id = new.contact_id;
END;

-- Activity log, streamed to dashboards; its id is the SSE event id.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    type       TEXT NOT NULL,
    contact_id TEXT REFERENCES contacts(id) ON DELETE SET NULL,
    route_id   TEXT REFERENCES routes(id) ON DELETE SET NULL,
    data_json  TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- Durable outbox for every call to Twilio or CloseBot.
-- A lane (provider + contact) runs one job at a time, oldest first: the head
-- is 'ready' (maybe with a future run_at while it backs off), the rest 'waiting'.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,
    provider    TEXT NOT NULL CHECK (provider IN ('twilio', 'closebot')),
    lane        TEXT NOT NULL,
    payload     TEXT NOT NULL,
    message_id  INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    route_id    TEXT,
    state       TEXT NOT NULL CHECK (state IN ('waiting', 'ready', 'running', 'failed')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      INTEGER NOT NULL,
    last_error  TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX jobs_due ON jobs(provider, run_at) WHERE state = 'ready';
-- Not partial: SQLite could not prove `state = 'waiting'` implies a partial
-- index's condition, and lane lookups would scan the table.
CREATE INDEX jobs_lane ON jobs(lane, state, id);
CREATE INDEX jobs_failed ON jobs(updated_at) WHERE state = 'failed';
-- Deliberately few indexes: every text updates each index of its rows, and
-- the pages written per commit bound the webhook rate. Lookups by a job's
-- message or route, or by an event's contact, are rare (deletes, hours
-- changes) and scan instead.

-- When a lane's head finishes (deleted) or fails for good, the lane's oldest
-- waiting job becomes its head.
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

-- One after-hours reply per contact, route and closed period (identified by
-- the instant the route opens again).
CREATE TABLE after_hours_notices (
    contact_id      TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    route_id        TEXT NOT NULL REFERENCES routes(id) ON DELETE CASCADE,
    period_opens_at INTEGER,
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (contact_id, route_id)
);

-- Status callbacks that outran the send's own response; applied when the SID lands.
CREATE TABLE early_statuses (
    twilio_sid    TEXT NOT NULL,
    status        TEXT NOT NULL,
    error_code    TEXT,
    error_message TEXT,
    received_at   INTEGER NOT NULL
);
CREATE INDEX early_statuses_sid ON early_statuses(twilio_sid);

-- Webhook requests that were authentic but could not be understood, kept for
-- the operator instead of being dropped.
CREATE TABLE webhook_rejections (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
