-- Our own customer-satisfaction survey (CloseBot has none).

-- A route's survey settings as JSON ({enabled, question, thankYou,
-- quietMinutes}); NULL: the defaults, switched off.
ALTER TABLE routes ADD COLUMN csat_survey_json TEXT;

-- Every survey sent, with its answer once one came. `message_id` is the
-- survey text (its delivery decides whether it counts as sent);
-- `answer_message_id` the customer's score, `thank_you_message_id` ours.
CREATE TABLE csat_surveys (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id           TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    route_id             TEXT,
    reason               TEXT NOT NULL CHECK (reason IN ('booking', 'quiet')),
    message_id           INTEGER NOT NULL,
    sent_at              INTEGER NOT NULL,
    answered_at          INTEGER,
    score                INTEGER CHECK (score BETWEEN 1 AND 5),
    answer_message_id    INTEGER,
    thank_you_message_id INTEGER
);
-- The analytics read surveys by the time they went out; the rules read a
-- contact's latest one.
CREATE INDEX csat_surveys_sent ON csat_surveys(sent_at);
CREATE INDEX csat_surveys_contact ON csat_surveys(contact_id, sent_at);

-- Contacts the sweep found worth surveying (a booking, or a conversation
-- gone quiet), until the rule decides: sent, not at all, or later (a
-- closed route: `due_at` is its opening). `quiet_after_message_id`: the
-- last message before the silence; a newer one means it is not quiet.
CREATE TABLE csat_candidates (
    contact_id             TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    reason                 TEXT NOT NULL CHECK (reason IN ('booking', 'quiet')),
    quiet_after_message_id INTEGER,
    due_at                 INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX csat_candidates_due ON csat_candidates(due_at);

-- How far the sweep has looked, so each run reads only what is new:
-- `bookings`: the last contact_status_changes id seen; `quiet:<route id>`:
-- the (last_message_at, rowid) of the last contact of that route found
-- quiet (contacts_route_recent walks from there).
CREATE TABLE csat_cursors (
    name     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    after    INTEGER NOT NULL DEFAULT 0
);
-- Bookings made before surveys existed are not surveyed.
INSERT INTO csat_cursors (name, position) SELECT 'bookings', COALESCE(MAX(id), 0) FROM contact_status_changes;
