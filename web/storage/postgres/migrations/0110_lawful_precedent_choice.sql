-- A dismissed finding becomes a lawful precedent only when the reviewer
-- chooses so (see SQLite's 0110); the lawful precedents of plain
-- dismissals go, and the sequence moves without a logged change, so every
-- node's index finds a gap in the change log and rebuilds.
ALTER TABLE findings ADD COLUMN lawful_precedent BOOLEAN NOT NULL DEFAULT FALSE;

-- The sequence moves only where something goes: a new database's change
-- log starts at 1 like every other's.
UPDATE precedent_seq SET seq = seq + 1 WHERE id = 1
    AND EXISTS (SELECT 1 FROM precedents WHERE source = 'review' AND verdict = '合法');
DELETE FROM precedents WHERE source = 'review' AND verdict = '合法';
