-- Analytics over any range in the business's time zone.
--
-- Every zone's offset from UTC is a whole number of quarter hours, so counts
-- kept per UTC quarter hour add up exactly to any local hour, day or week,
-- across daylight-saving changes too. Per-route counts move from hours to
-- quarter hours; texts to a number without a route count under route ''.
CREATE TABLE message_counts_quarter (
    bucket_start INTEGER NOT NULL,
    route_id     TEXT NOT NULL,
    inbound      INTEGER NOT NULL DEFAULT 0,
    outbound     INTEGER NOT NULL DEFAULT 0,
    bot_replies  INTEGER NOT NULL DEFAULT 0,
    manual       INTEGER NOT NULL DEFAULT 0,
    -- Bot replies that answered a waiting customer, and the waits they ended.
    responses    INTEGER NOT NULL DEFAULT 0,
    response_ms  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket_start, route_id)
) WITHOUT ROWID;
INSERT INTO message_counts_quarter (bucket_start, route_id, inbound, outbound, bot_replies, manual)
SELECT created_at - created_at % 900000, COALESCE(route_id, ''), SUM(direction = 'inbound'), SUM(direction = 'outbound'),
       SUM(source = 'bot' AND COALESCE(twilio_status, '') <> 'canceled'), SUM(source = 'manual')
FROM messages GROUP BY 1, 2;
DROP TABLE message_counts_route_hourly;

-- Who was in conversation per route and quarter hour (a roaring bitmap of
-- contact rowids), and the spread of bot response times (a histogram of
-- 5%-wide bins), so distinct conversations and the median response time of
-- any range come from these rows, never from the messages. Filled as
-- messages are stored; rows for messages stored before this migration are
-- built once in the background (analytics_backfill).
CREATE TABLE activity_quarters (
    bucket_start   INTEGER NOT NULL,
    route_id       TEXT NOT NULL,
    contacts       BLOB,
    response_bins  BLOB,
    PRIMARY KEY (bucket_start, route_id)
) WITHOUT ROWID;
CREATE TABLE analytics_backfill (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    -- Messages up to this id are the backfill's; later ones were recorded live.
    up_to_id      INTEGER NOT NULL,
    done_up_to_id INTEGER NOT NULL,
    total         INTEGER NOT NULL,
    done          INTEGER NOT NULL DEFAULT 0,
    finished_at   INTEGER
);
INSERT INTO analytics_backfill (id, up_to_id, done_up_to_id, total)
SELECT 1, COALESCE(MAX(id), 0), 0, COUNT(*) FROM messages;

-- Since when a customer has been waiting for the bot (their first text
-- since the last reply), so a bot reply knows how long it took.
ALTER TABLE contacts ADD COLUMN awaiting_since INTEGER;

-- Every change of a contact's status, whoever made it (a person, an
-- import, CloseBot's booking signals): bookings of a range are the contacts
-- that became booked in it.
CREATE TABLE contact_status_changes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id  TEXT NOT NULL,
    status      TEXT NOT NULL,
    previous    TEXT,
    route_id    TEXT,
    changed_at  INTEGER NOT NULL
);
CREATE INDEX contact_status_changes_at ON contact_status_changes(status, changed_at);
CREATE INDEX contact_status_changes_contact ON contact_status_changes(contact_id);
CREATE TRIGGER contact_status_insert AFTER INSERT ON contacts WHEN new.status <> 'new' BEGIN
    INSERT INTO contact_status_changes (contact_id, status, previous, route_id, changed_at)
    VALUES (new.id, new.status, NULL, new.assigned_route_id, new.updated_at);
END;
CREATE TRIGGER contact_status_update AFTER UPDATE OF status ON contacts WHEN old.status <> new.status BEGIN
    INSERT INTO contact_status_changes (contact_id, status, previous, route_id, changed_at)
    VALUES (new.id, new.status, old.status, new.assigned_route_id, new.updated_at);
END;
INSERT INTO contact_status_changes (contact_id, status, previous, route_id, changed_at)
SELECT id, status, NULL, assigned_route_id, updated_at FROM contacts WHERE status <> 'new';
