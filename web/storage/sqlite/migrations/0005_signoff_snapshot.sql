-- What a signed opinion shows is what was signed: the signer's name, the
-- office that signed and the township, as they were at sign-off. Renaming
-- the reviewer or moving the township to another office afterwards must
-- change neither the opinion nor who may still read it (issue 14).
ALTER TABLE signoffs ADD COLUMN signer_name TEXT NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN office_id INTEGER REFERENCES offices(id);
ALTER TABLE signoffs ADD COLUMN office_name TEXT NOT NULL DEFAULT '';
ALTER TABLE signoffs ADD COLUMN township_name TEXT NOT NULL DEFAULT '';

-- Sign-offs made before this migration get the values known now: the best
-- there is, and from now on they no longer follow later changes.
UPDATE signoffs SET
    signer_name = COALESCE((SELECT u.display_name FROM users u WHERE u.id = signoffs.user_id), ''),
    office_id = (SELECT t.office_id FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        WHERE r.id = signoffs.review_id),
    office_name = COALESCE((SELECT o.name FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        JOIN offices o ON o.id = t.office_id WHERE r.id = signoffs.review_id), ''),
    township_name = COALESCE((SELECT t.name FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
        WHERE r.id = signoffs.review_id), '');

CREATE INDEX signoffs_office ON signoffs(office_id);
