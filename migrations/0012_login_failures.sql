-- Failed sign-ins, counted per client address, per (email, address) and per
-- email (src/security/login_limiter.rs). In the database, not in memory, so
-- the instances behind a load balancer count the same guesses and a restart
-- does not forget them. Rows older than the window are pruned as attempts
-- come in.
CREATE TABLE login_failures (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures(key, at);
CREATE INDEX login_failures_by_age ON login_failures(at);
