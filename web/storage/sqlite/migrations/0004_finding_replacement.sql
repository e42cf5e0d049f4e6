-- Replacement wording a reviewer proposes for a finding's quoted words.
-- Unlike suggestion (advice in prose), it is the exact text to put in the
-- draft, so the web can offer a 修改建议稿 with tracked changes. '' = none.
ALTER TABLE findings ADD COLUMN replacement TEXT NOT NULL DEFAULT '';
