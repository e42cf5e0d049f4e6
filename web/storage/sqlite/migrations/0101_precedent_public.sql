-- Published cases (the public bank shipped with the binary,
-- review/precedent/bank): they are stored like imports, so source keeps the
-- values 0100 allows and public marks them; a judgment's case number and
-- the one-line description of the case travel with them.
ALTER TABLE precedents ADD COLUMN public INTEGER NOT NULL DEFAULT 0;
ALTER TABLE precedents ADD COLUMN citation TEXT NOT NULL DEFAULT '';
ALTER TABLE precedents ADD COLUMN case_note TEXT NOT NULL DEFAULT '';
