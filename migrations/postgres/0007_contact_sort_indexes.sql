-- As migrations/0007 (SQLite); names sort without case by LOWER(name)
-- (engine::Kind::nocase), SQLite's COLLATE NOCASE.
CREATE INDEX contacts_by_last_contact ON contacts(last_contact, id);
CREATE INDEX contacts_by_messages ON contacts(message_count, id);
CREATE INDEX contacts_by_name_asc ON contacts((name IS NULL), LOWER(name), id);
CREATE INDEX contacts_by_name_desc ON contacts((name IS NULL), LOWER(name) DESC, id DESC);
CREATE INDEX contacts_by_status ON contacts(status, id);
CREATE INDEX contacts_by_route ON contacts(assigned_route_id, id);
