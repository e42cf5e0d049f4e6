-- The engine's whole finding as JSON (see SQLite's 0003). Kept as text,
-- not jsonb: the store reads and writes it whole, and a copy between the
-- databases must give back the very bytes.
ALTER TABLE findings ADD COLUMN extra TEXT COLLATE "C" NOT NULL DEFAULT '';
