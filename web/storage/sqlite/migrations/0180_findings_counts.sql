-- The document list counts each review's open errors and warnings
-- (sqlstore's docCols). With only findings_review, each count read every
-- finding's row to test severity and state; state sits after the basis
-- and related JSON, which spill into overflow pages, so a list of a busy
-- township read megabytes per request: under 50 users the list was 84 % of
-- the server's CPU (docs/performance.md, stage 14). This index answers the
-- counts by itself.
CREATE INDEX findings_review_counts ON findings(review_id, severity, state);
