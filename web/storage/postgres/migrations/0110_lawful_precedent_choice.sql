-- A dismissed finding becomes a lawful precedent only when the reviewer
-- chooses so (see SQLite's 0110); the lawful precedents of plain
-- dismissals go, and the sequence moves without a logged change, so every
-- node's index finds a gap in the change log and rebuilds.
ALTER TABLE findings ADD COLUMN lawful_precedent BOOLEAN NOT NULL DEFAULT FALSE;

DELETE FROM precedents WHERE source = 'review' AND verdict = '合法';
UPDATE precedent_seq SET seq = seq + 1 WHERE id = 1;
