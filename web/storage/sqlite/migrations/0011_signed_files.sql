-- What a signed opinion prints is fixed at sign-off: the office's 版头 as it
-- was then, and whether the reviewer sent the annex of article texts.
ALTER TABLE signoffs ADD COLUMN letterhead_text TEXT NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN letterhead_off INTEGER NOT NULL DEFAULT 0;
ALTER TABLE signoffs ADD COLUMN omit_annex INTEGER NOT NULL DEFAULT 0;

-- The files a signed round hands out (the opinion as Word, PDF and print
-- view, the 批注稿, the 修改建议稿), kept as they were made the first time:
-- a round signed before a new version or a reopening stays downloadable,
-- byte for byte, with the sha256 the record shows. The bytes live in the
-- content-addressed file store like the uploads.
CREATE TABLE signed_files (
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (review_id, revision, kind)
);
