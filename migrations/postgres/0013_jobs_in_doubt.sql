-- See migrations/0013_jobs_in_doubt.sql: when an attempt may have reached
-- its provider without its outcome being recorded.
ALTER TABLE jobs ADD COLUMN in_doubt_since BIGINT;
