-- The log of changes of precedents the nodes' indexes follow (see
-- SQLite's 0170). Changes commit in the order of seq: each takes the
-- precedent_seq row's lock and holds it until it commits.
CREATE TABLE precedent_changes (
    seq BIGINT PRIMARY KEY,
    review_id BIGINT NOT NULL DEFAULT 0,
    ids TEXT COLLATE "C" NOT NULL DEFAULT '[]',
    at TEXT COLLATE "C" NOT NULL
);
