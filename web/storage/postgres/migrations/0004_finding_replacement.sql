-- Replacement wording a reviewer proposes for a finding's quoted words
-- (see SQLite's 0004). '' = none.
ALTER TABLE findings ADD COLUMN replacement TEXT COLLATE "C" NOT NULL DEFAULT '';
