-- The engine's whole finding as JSON, so that fields the review package
-- adds later (title, merged rules, authority, precedents, ...) reach the
-- API without a migration each time. The columns of findings stay the
-- source of truth for what reviewers change.
ALTER TABLE findings ADD COLUMN extra TEXT NOT NULL DEFAULT '';
