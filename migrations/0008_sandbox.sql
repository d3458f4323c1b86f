-- Sandbox mode: the app runs against a simulated Twilio and a simulated
-- CloseBot inside the same binary. Whether it is on is the setting
-- `sandbox.mode` ('on' or 'off'; absent: never chosen).
--
-- Everything created while it is on is marked `sandbox = 1`: routes,
-- contacts, messages and outbox jobs. A message to a sandbox contact or on a
-- sandbox route, and a job for a sandbox message or route, are sandbox ones
-- too, whenever they are made. Marked jobs only ever run against the
-- simulators (queue/worker.rs), so leaving sandbox mode can never text a
-- real number with them, and "Remove sandbox data" deletes exactly these rows.
--
-- Triggers mark the rows, so no insert anywhere has to remember to: outside
-- sandbox mode each insert pays one lookup of a settings row by its key.
ALTER TABLE routes ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;

-- Partial: they hold sandbox rows only, so real traffic never updates them.
CREATE INDEX routes_sandbox ON routes(id) WHERE sandbox = 1;
CREATE INDEX contacts_sandbox ON contacts(id) WHERE sandbox = 1;
CREATE INDEX messages_sandbox ON messages(id) WHERE sandbox = 1;
CREATE INDEX jobs_sandbox ON jobs(id) WHERE sandbox = 1;

CREATE TRIGGER routes_mark_sandbox AFTER INSERT ON routes
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
BEGIN
    UPDATE routes SET sandbox = 1 WHERE id = new.id;
END;

CREATE TRIGGER contacts_mark_sandbox AFTER INSERT ON contacts
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
BEGIN
    UPDATE contacts SET sandbox = 1 WHERE id = new.id;
END;

CREATE TRIGGER messages_mark_sandbox AFTER INSERT ON messages
WHEN EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
  OR EXISTS (SELECT 1 FROM contacts WHERE id = new.contact_id AND sandbox = 1)
  OR EXISTS (SELECT 1 FROM routes WHERE id = new.route_id AND sandbox = 1)
BEGIN
    UPDATE messages SET sandbox = 1 WHERE id = new.id;
END;

-- The standing sweeps belong to both modes (they are never marked).
CREATE TRIGGER jobs_mark_sandbox AFTER INSERT ON jobs
WHEN new.kind NOT IN ('check_status', 'survey_sweep') AND (
       EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
    OR EXISTS (SELECT 1 FROM messages WHERE id = new.message_id AND sandbox = 1)
    OR EXISTS (SELECT 1 FROM routes WHERE id = new.route_id AND sandbox = 1))
BEGIN
    UPDATE jobs SET sandbox = 1 WHERE id = new.id;
END;
