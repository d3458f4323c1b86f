-- The round-trip tracer: every step a message went through (webhook
-- received, stored, queued, each attempt at CloseBot or Twilio, the bot's
-- reply, each status callback), or why a step did not happen. Rows are
-- written with the group commit of the step they describe, in one statement
-- per commit (storage/trace.rs), never one by one.
--
-- `reply_to_id`: on a bot reply's first hop, the customer's text it answers,
-- so a text's trace reaches through the reply to its delivery.
-- `detail_json`: the hop's facts (attempt, HTTP status, time taken, error,
-- Twilio SID, the reason a step did not happen, when it is tried again...).
CREATE TABLE message_hops (
    id          INTEGER PRIMARY KEY,
    message_id  INTEGER REFERENCES messages(id) ON DELETE CASCADE,
    reply_to_id INTEGER,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'skipped', 'pending')),
    at          INTEGER NOT NULL,
    detail_json TEXT NOT NULL
);
CREATE INDEX message_hops_message ON message_hops(message_id, at);
-- Only bot replies carry the link: the other hops add nothing to this index.
CREATE INDEX message_hops_reply_to ON message_hops(reply_to_id) WHERE reply_to_id IS NOT NULL;
