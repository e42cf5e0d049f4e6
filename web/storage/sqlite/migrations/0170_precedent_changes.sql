-- The log of changes of precedents (issue 17): each server node keeps a
-- precedent index of its own and applies, every few seconds, the changes
-- the others made, so that a precedent signed on one node is found on the
-- others. seq is precedent_seq's number after the change; a change either
-- replaced a review's precedents (review_id) or imported records (ids, a
-- JSON list). Only the latest changes are kept; a node further behind
-- rebuilds its index. Numbered 0170 (issue 17) to stay clear of the
-- numbers other work has reserved.
CREATE TABLE precedent_changes (
    seq INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL DEFAULT 0,
    ids TEXT NOT NULL DEFAULT '[]',
    at TEXT NOT NULL
);
