-- The province an office works in: law search and related articles show
-- national law and this province's local regulations. '' = not set (national
-- law only, unless the server has a default province).
ALTER TABLE offices ADD COLUMN province TEXT NOT NULL DEFAULT '';
