-- As migrations/0008 (SQLite): sandbox rows are marked `sandbox = TRUE`, by
-- triggers, so no insert anywhere has to remember to. (Postgres marks the
-- row before it is inserted; SQLite updates it right after.)
ALTER TABLE routes ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE contacts ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE messages ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE jobs ADD COLUMN sandbox BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX routes_sandbox ON routes(id) WHERE sandbox;
CREATE INDEX contacts_sandbox ON contacts(id) WHERE sandbox;
CREATE INDEX messages_sandbox ON messages(id) WHERE sandbox;
CREATE INDEX jobs_sandbox ON jobs(id) WHERE sandbox;

CREATE FUNCTION contacts_mark_sandbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM routes WHERE id = NEW.assigned_route_id AND sandbox) THEN
        NEW.sandbox := TRUE;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER contacts_mark_sandbox BEFORE INSERT ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_mark_sandbox();

CREATE FUNCTION messages_mark_sandbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
       OR EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND sandbox)
       OR EXISTS (SELECT 1 FROM routes WHERE id = NEW.route_id AND sandbox) THEN
        NEW.sandbox := TRUE;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER messages_mark_sandbox BEFORE INSERT ON messages
    FOR EACH ROW EXECUTE FUNCTION messages_mark_sandbox();

CREATE FUNCTION jobs_mark_sandbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.kind NOT IN ('check_status', 'survey_sweep', 'repoint_source') AND (
           EXISTS (SELECT 1 FROM settings WHERE key = 'sandbox.mode' AND value = 'on')
        OR EXISTS (SELECT 1 FROM messages WHERE id = NEW.message_id AND sandbox)
        OR EXISTS (SELECT 1 FROM routes WHERE id = NEW.route_id AND sandbox)) THEN
        NEW.sandbox := TRUE;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER jobs_mark_sandbox BEFORE INSERT ON jobs
    FOR EACH ROW EXECUTE FUNCTION jobs_mark_sandbox();
