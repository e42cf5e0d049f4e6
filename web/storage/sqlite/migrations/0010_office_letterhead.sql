-- The 版头 an office prints on its opinions (GB/T 9704 7.2: the
-- 发文机关标志 in red over a red line). On by default with the office's
-- name; an office may give its standard short form, or switch it off when
-- it prints on paper that already carries one.
ALTER TABLE offices ADD COLUMN letterhead_text TEXT NOT NULL DEFAULT '';
ALTER TABLE offices ADD COLUMN letterhead_off INTEGER NOT NULL DEFAULT 0;
