-- Sandbox mode: the app runs against a simulated Twilio and a simulated
-- CloseBot inside the same binary. Whether it is on is the setting
-- `sandbox.mode` ('on' or 'off'; absent: never chosen).
--
-- Sandbox rows are marked `sandbox = 1`: the sandbox route (on the simulated
-- number; marked by the app when it makes it), the contacts that first
-- texted it, every message and outbox job made while the mode is on, and
-- any message to a sandbox contact or on the sandbox route, and any job for
-- such a message, whenever made. Marked jobs only ever run against the
-- simulators (queue/sandbox_gate.rs), so leaving sandbox mode can never text
-- a real number with them, and "Remove sandbox data" deletes exactly these
-- rows. Routes and contacts made while the mode is on for anything else (a
-- real number's route prepared ahead, an import) stay real.
--
-- Triggers mark the rows, so no insert anywhere has to remember to: outside
-- sandbox mode each insert pays a lookup of a settings row by its key.
ALTER TABLE routes ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;
ALTER TABLE jobs ADD COLUMN sandbox INTEGER NOT NULL DEFAULT 0;

-- Partial: they hold sandbox rows only, so real traffic never updates them.
CREATE INDEX routes_sandbox ON routes(id) WHERE sandbox = 1;
CREATE INDEX contacts_sandbox ON contacts(id) WHERE sandbox = 1;
CREATE INDEX messages_sandbox ON messages(id) WHERE sandbox = 1;
CREATE INDEX jobs_sandbox ON jobs(id) WHERE sandbox = 1;

CREATE TRIGGER contacts_mark_sandbox AFTER INSERT ON contacts
WHEN EXISTS (SELECT 1 FROM routes WHERE id = new.assigned_route_id AND sandbox = 1)
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

-- The standing sweeps belong to both modes, and re-pointing a source is
-- always about a real one (the sandbox's is not among the sources we made):
-- they are never marked.
CREATE TRIGGER jobs_mark_sandbox AFTER INSERT ON jobs
WHEN new.kind NOT IN ('check_status', 'survey_sweep', 'repoint_source') AND (
       EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
    OR EXISTS (SELECT 1 FROM messages WHERE id = new.message_id AND sandbox = 1)
    OR EXISTS (SELECT 1 FROM routes WHERE id = new.route_id AND sandbox = 1))
BEGIN
    UPDATE jobs SET sandbox = 1 WHERE id = new.id;
END;
