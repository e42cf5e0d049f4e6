-- Precedents (see SQLite's 0100): decided findings of signed reviews and
-- imported typical cases.
CREATE TABLE precedents (
    id TEXT COLLATE "C" PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL CHECK (source IN ('review', 'import')),
    hash TEXT COLLATE "C" NOT NULL,
    export_id TEXT COLLATE "C" NOT NULL,
    review_id BIGINT REFERENCES reviews(id),
    finding_id BIGINT,
    revision INTEGER NOT NULL DEFAULT 0,
    document_id BIGINT,
    township_id BIGINT,
    office_id BIGINT,
    origin TEXT COLLATE "C" NOT NULL DEFAULT '',
    clause TEXT COLLATE "C" NOT NULL,
    sentence TEXT COLLATE "C" NOT NULL DEFAULT '',
    doc_type TEXT COLLATE "C" NOT NULL DEFAULT '',
    doc_title TEXT COLLATE "C" NOT NULL DEFAULT '',
    township TEXT COLLATE "C" NOT NULL DEFAULT '',
    date TEXT COLLATE "C" NOT NULL,
    rule TEXT COLLATE "C" NOT NULL DEFAULT '',
    rule_title TEXT COLLATE "C" NOT NULL DEFAULT '',
    severity TEXT COLLATE "C" NOT NULL DEFAULT '',
    problem TEXT COLLATE "C" NOT NULL DEFAULT '',
    fix TEXT COLLATE "C" NOT NULL DEFAULT '',
    basis TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    verdict TEXT COLLATE "C" NOT NULL CHECK (verdict IN ('违法', '合法')),
    reason TEXT COLLATE "C" NOT NULL DEFAULT '',
    conclusion TEXT COLLATE "C" NOT NULL DEFAULT '',
    publisher TEXT COLLATE "C" NOT NULL DEFAULT '',
    url TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at TEXT COLLATE "C" NOT NULL
);
CREATE INDEX precedents_review ON precedents(review_id);
CREATE INDEX precedents_hash ON precedents(hash);
CREATE INDEX precedents_export ON precedents(date, export_id);

CREATE TABLE precedent_reviews (
    review_id BIGINT PRIMARY KEY REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    recorded_at TEXT COLLATE "C" NOT NULL
);

-- Bumped on every change of precedents; its row is also the lock that
-- changes of precedents take turns on.
CREATE TABLE precedent_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL
);
INSERT INTO precedent_seq (id, seq) VALUES (1, 0);
