-- What a review says about its document's type (issue 10): the type
-- detected at upload (what the clerk was shown before confirming one), and
-- the report's notices (文件类型未能确定，已按全部规则检查) and likely type.
-- Reviews stored before have none: an older engine ran no rule at all on a
-- document of unknown type, so the notice is not written back for them.
ALTER TABLE reviews ADD COLUMN detected_type TEXT NOT NULL DEFAULT '';
ALTER TABLE reviews ADD COLUMN notices TEXT NOT NULL DEFAULT '[]';
ALTER TABLE reviews ADD COLUMN likely_type TEXT NOT NULL DEFAULT '';

-- A reviewer's change of the type of a document under review. The review
-- is run again with the new type: findings found again keep their
-- decisions, new ones are open, and the ones no longer found are deleted
-- from findings and kept here (dropped, JSON), so that the page can say
-- which decisions no longer apply and the history keeps them.
CREATE TABLE review_type_changes (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    from_type TEXT NOT NULL,
    to_type TEXT NOT NULL,
    kept INTEGER NOT NULL,
    kept_decided INTEGER NOT NULL,
    added INTEGER NOT NULL,
    dropped TEXT NOT NULL DEFAULT '[]',
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
);
CREATE INDEX review_type_changes_review ON review_type_changes(review_id);

-- Finding ids are never reused. A type change deletes findings, and SQLite
-- gives a new row the largest id plus one: a new finding would take the id
-- of a dropped one, which its history, the audit log, the type change and
-- precedents name. The highest id ever given is kept here, as a sequence
-- does in PostgreSQL.
CREATE TABLE finding_seq (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    last INTEGER NOT NULL
);
INSERT INTO finding_seq (id, last) SELECT 1, COALESCE(MAX(id), 0) FROM findings;
