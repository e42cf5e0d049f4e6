-- A sign-off's 版头 and annex choice, and the files a signed round hands
-- out, kept as first made (see SQLite's 0011).
ALTER TABLE signoffs ADD COLUMN letterhead_text TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN letterhead_off BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE signoffs ADD COLUMN omit_annex BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE signed_files (
    review_id BIGINT NOT NULL REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    kind TEXT COLLATE "C" NOT NULL,
    sha256 TEXT COLLATE "C" NOT NULL,
    size BIGINT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (review_id, revision, kind)
);
