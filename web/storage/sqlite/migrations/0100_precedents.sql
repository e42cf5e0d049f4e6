-- Precedents (review/precedent): decided findings of signed reviews and
-- imported typical cases. Numbered 0100 so that it never collides with the
-- workplace's own sequence (0001, 0002, ...): migrations are applied by
-- number, each once, whatever the order they were added in.
CREATE TABLE precedents (
    id TEXT PRIMARY KEY,                -- review-<review>-<finding> or import-<key>
    source TEXT NOT NULL CHECK (source IN ('review', 'import')),
    hash TEXT NOT NULL,                 -- content hash: the same decision from two sources
    export_id TEXT NOT NULL,            -- id written to JSON Lines exports
    review_id INTEGER REFERENCES reviews(id),
    finding_id INTEGER,
    revision INTEGER NOT NULL DEFAULT 0,
    document_id INTEGER,
    township_id INTEGER,
    office_id INTEGER,
    origin TEXT NOT NULL DEFAULT '',
    clause TEXT NOT NULL,
    sentence TEXT NOT NULL DEFAULT '',
    doc_type TEXT NOT NULL DEFAULT '',
    doc_title TEXT NOT NULL DEFAULT '',
    township TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL,
    rule TEXT NOT NULL DEFAULT '',
    rule_title TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL DEFAULT '',
    problem TEXT NOT NULL DEFAULT '',
    fix TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL DEFAULT '[]',
    verdict TEXT NOT NULL CHECK (verdict IN ('违法', '合法')),
    reason TEXT NOT NULL DEFAULT '',
    conclusion TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX precedents_review ON precedents(review_id);
CREATE INDEX precedents_hash ON precedents(hash);
CREATE INDEX precedents_export ON precedents(date, export_id);

-- Which sign-off (review, revision) the precedents of a review come from:
-- recording is idempotent and a backfill finds the reviews not yet done.
CREATE TABLE precedent_reviews (
    review_id INTEGER PRIMARY KEY REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    recorded_at TEXT NOT NULL
);

-- Bumped on every change, so that the search index can tell it is behind.
CREATE TABLE precedent_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL
);
INSERT INTO precedent_seq (id, seq) VALUES (1, 0);
