-- Failed logins, counted per key (user:<name>, ip:<address>). Kept in the
-- database rather than in the server's memory so that the check and the
-- count happen in one transaction (concurrent attempts cannot all slip
-- under the limit), an administrator can clear an account from the
-- command line while the server runs (lawreview user unlock), and a
-- restart does not forgive a guessing run. An attempt is counted before
-- its password is checked and uncounted when it succeeds.
CREATE TABLE login_failures (
    attempt INTEGER NOT NULL,
    key TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);
CREATE INDEX login_failures_attempt ON login_failures(attempt);
CREATE INDEX login_failures_at ON login_failures(at);
