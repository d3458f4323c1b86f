-- The analytics' outcome groups (status, opted out, which side of the quiet
-- threshold the last message is on) walk this index in order instead of
-- sorting every contact on each request.
CREATE INDEX contacts_by_outcome ON contacts(status, (opted_out_at IS NOT NULL), last_message_at);
