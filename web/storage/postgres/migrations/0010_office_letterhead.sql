-- The 版头 an office prints on its opinions (see SQLite's 0010).
ALTER TABLE offices ADD COLUMN letterhead_text TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN letterhead_off BOOLEAN NOT NULL DEFAULT FALSE;
