-- What a signed opinion shows is what was signed (see SQLite's 0005): the
-- signer's name, the office and the township as they were at sign-off.
ALTER TABLE signoffs ADD COLUMN signer_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN office_id BIGINT REFERENCES offices(id);
ALTER TABLE signoffs ADD COLUMN office_name TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN township_name TEXT COLLATE "C" NOT NULL DEFAULT '';

UPDATE signoffs SET
    signer_name = COALESCE((SELECT u.display_name FROM users u WHERE u.id = signoffs.user_id), ''),
    office_id = (SELECT t.office_id FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        WHERE r.id = signoffs.review_id),
    office_name = COALESCE((SELECT o.name FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        JOIN offices o ON o.id = t.office_id WHERE r.id = signoffs.review_id), ''),
    township_name = COALESCE((SELECT t.name FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        WHERE r.id = signoffs.review_id), '');

CREATE INDEX signoffs_office ON signoffs(office_id);
