-- Learning that cannot be poisoned (issue 11): a dismissed finding becomes
-- a lawful precedent only when the reviewer chooses so explicitly, with a
-- reason ("作为合法先例"). The choice is kept with the finding, so that a
-- sign-off, a reopening and a backfill derive the same precedents.
ALTER TABLE findings ADD COLUMN lawful_precedent INTEGER NOT NULL DEFAULT 0;

-- The lawful precedents recorded before the choice existed came from
-- plain dismissals, which no reviewer meant as a precedent: one careless
-- dismissal of 游街示众 made the next draft's 游街示众 "可能合法". They go;
-- the dismissals themselves (state and reason of the findings, the
-- review's history) stay. The sequence moves, so the search index rebuilds
-- at the next start.
-- The sequence moves only where something goes: a new database's change
-- log starts at 1 like every other's.
UPDATE precedent_seq SET seq = seq + 1 WHERE id = 1
    AND EXISTS (SELECT 1 FROM precedents WHERE source = 'review' AND verdict = '合法');
DELETE FROM precedents WHERE source = 'review' AND verdict = '合法';
