-- The county 司法局 (issue 16): a bureau sees the statistics, the 文号
-- register and the signed opinions of the offices assigned to it, and
-- changes nothing. A bureau is a record of its own, so that several
-- accounts of one bureau share one assignment of offices, which the
-- administrator keeps.
CREATE TABLE bureaus (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE bureau_offices (
    bureau_id INTEGER NOT NULL REFERENCES bureaus(id),
    office_id INTEGER NOT NULL REFERENCES offices(id),
    PRIMARY KEY (bureau_id, office_id)
);

-- The bureau an account of role 'bureau' belongs to. The role itself needs
-- the CHECK of users.role widened, which SQLite can only do by rebuilding
-- the table: migration 0030's code step (bureaus.go) does that, copying
-- whatever columns the table has by then.
ALTER TABLE users ADD COLUMN bureau_id INTEGER REFERENCES bureaus(id);

-- Statistics count documents by the day they were received and sign-offs
-- by the day they were signed, per office.
CREATE INDEX documents_created ON documents(created_at);
CREATE INDEX signoffs_signed ON signoffs(signed_at);
