-- 文号 of signed opinions: one counter per office and year, incremented in
-- the sign-off transaction (INSERT … ON CONFLICT DO UPDATE … RETURNING):
-- its row stays locked until the commit, so sign-offs on any node take
-- turns and never share a number (review/opinion's numbering contract).
CREATE TABLE opinion_counters (
    office_id BIGINT NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office_id, year)
);

ALTER TABLE signoffs ADD COLUMN number TEXT COLLATE "C" NOT NULL DEFAULT '';
