-- The province an office works in (see SQLite's 0007). '' = not set.
ALTER TABLE offices ADD COLUMN province TEXT COLLATE "C" NOT NULL DEFAULT '';
