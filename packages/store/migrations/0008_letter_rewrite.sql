-- Up Migration
-- A letter version can come from the LLM rewrite (services/career letters/rewrite-route.ts), kept
-- only when it states nothing the CV lacks.
ALTER TABLE letter_versions DROP CONSTRAINT letter_versions_source_check;
ALTER TABLE letter_versions ADD CONSTRAINT letter_versions_source_check
  CHECK (source IN ('template', 'edit', 'rewrite'));

-- Down Migration
DELETE FROM letter_versions WHERE source = 'rewrite';
ALTER TABLE letter_versions DROP CONSTRAINT letter_versions_source_check;
ALTER TABLE letter_versions ADD CONSTRAINT letter_versions_source_check
  CHECK (source IN ('template', 'edit'));
