-- 文号 of signed opinions: one counter per office and year, incremented in
-- the sign-off transaction so that two sign-offs never share a number and
-- a number is never reused (see review/opinion's numbering contract).
CREATE TABLE opinion_counters (
    office_id INTEGER NOT NULL REFERENCES offices(id),
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (office_id, year)
);

ALTER TABLE signoffs ADD COLUMN number TEXT NOT NULL DEFAULT '';
