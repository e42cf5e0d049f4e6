-- Failed logins, counted per key (see SQLite's 0006). In the database, so
-- that every node counts against the same limits; ReserveLogin holds a
-- transaction-scoped advisory lock per key while it checks and counts.
CREATE TABLE login_failures (
    attempt BIGINT NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE INDEX login_failures_attempt ON login_failures(attempt);
CREATE INDEX login_failures_at ON login_failures(at);
