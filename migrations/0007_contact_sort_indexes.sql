-- The contacts list sorts and pages at 100,000 contacts by walking an index
-- per sort instead of sorting every contact for each page. Names are
-- optional and sort last in both directions, hence one index per direction.
-- Sorting by bot walks contacts_by_route one route at a time.
CREATE INDEX contacts_by_last_contact ON contacts(last_contact, id);
CREATE INDEX contacts_by_messages ON contacts(message_count, id);
CREATE INDEX contacts_by_name_asc ON contacts(name IS NULL, name COLLATE NOCASE, id);
CREATE INDEX contacts_by_name_desc ON contacts(name IS NULL, name COLLATE NOCASE DESC, id DESC);
CREATE INDEX contacts_by_status ON contacts(status, id);
CREATE INDEX contacts_by_route ON contacts(assigned_route_id, id);
