-- When an attempt of this job may have reached its provider without the
-- outcome being recorded (a timeout after the request went out, a run that
-- outlived its lease or died, a restart while it ran). A forward tried again
-- then asks CloseBot whether it has the text before posting it twice
-- (src/queue/forward_check.rs). Additive: older versions ignore it.
ALTER TABLE jobs ADD COLUMN in_doubt_since INTEGER;
