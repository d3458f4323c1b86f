-- Request ids and queue metrics.
--
-- * `jobs.request_id`: the id of the HTTP request that queued the job (an
--   inbound text's webhook, or the bot reply answering that text), so the
--   worker's logs for the job carry the same `request_id` as the request's.
--   NULL for work no request started (sweeps, imports, older rows).
-- * `jobs_kind_state`: `GET /metrics` counts jobs and finds the oldest one
--   per kind and state at every scrape; this index lets it read the index
--   alone instead of the whole table (a tenth of the time with a million
--   jobs queued during an outage). Its entries land at the end of their
--   (kind, state) group, so a commit touches few extra pages.
ALTER TABLE jobs ADD COLUMN request_id TEXT;
CREATE INDEX jobs_kind_state ON jobs(kind, state, created_at);
