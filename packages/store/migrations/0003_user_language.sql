-- Up Migration
-- The language the user reads (apps.md §3 "Languages"): their choice, by SMS ("langue fr",
-- "language en") or through the API. NULL means not chosen yet: the services then use the engine's
-- defaultLanguage(phone_e164), so the rule lives in one place (TypeScript) and a user who never
-- chose follows a change of phone. users keeps the forced row-level security of 0001; a new
-- column needs no policy of its own.

ALTER TABLE users ADD COLUMN language text CHECK (language IN ('fr', 'en'));

-- Down Migration
ALTER TABLE users DROP COLUMN language;
