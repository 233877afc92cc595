-- Up Migration
-- Career (services/career): CVs, their uploaded originals (kept only when the user asks), job
-- offers, Mirror Match analyses, and cover letters with their versions. Every table carries
-- user_id and the same forced per-user policy as the others, so a career query sees one user's
-- rows only, and the catalogue-driven GDPR export and deletion pick these tables up.

CREATE TABLE cvs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 120),
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  -- The CV model (services/career/src/cv/model.ts), JSON Resume-shaped.
  document jsonb NOT NULL,
  template text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cvs_user ON cvs (user_id, updated_at DESC);

-- An uploaded original, between upload and parse; a row outlives the parse only when kept.
CREATE TABLE cv_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cv_id uuid REFERENCES cvs (id) ON DELETE CASCADE,
  media_type text NOT NULL CHECK (media_type IN ('application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cv_files_user ON cv_files (user_id);

CREATE TABLE job_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- SHA-256 of the normalised text: the same offer pasted twice is one offer.
  offer_hash text NOT NULL CHECK (offer_hash ~ '^[0-9a-f]{64}$'),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 20000),
  title text NOT NULL,
  company text,
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, offer_hash)
);

-- One analysis per offer and CV content: analysing again is reading it back.
CREATE TABLE match_analyses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  offer_id uuid NOT NULL REFERENCES job_offers (id) ON DELETE CASCADE,
  cv_id uuid REFERENCES cvs (id) ON DELETE SET NULL,
  cv_hash text NOT NULL,
  score integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  result jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, offer_id, cv_hash)
);

CREATE TABLE letters (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cv_id uuid REFERENCES cvs (id) ON DELETE SET NULL,
  offer_id uuid REFERENCES job_offers (id) ON DELETE SET NULL,
  role text NOT NULL CHECK (char_length(role) BETWEEN 1 AND 160),
  company text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX letters_user ON letters (user_id, updated_at DESC);

-- Every version is kept: generated from a template, or edited by the user.
CREATE TABLE letter_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  letter_id uuid NOT NULL REFERENCES letters (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  source text NOT NULL CHECK (source IN ('template', 'edit')),
  template text NOT NULL,
  tone text NOT NULL CHECK (tone IN ('formal', 'warm', 'bold')),
  length text NOT NULL CHECK (length IN ('short', 'standard', 'long')),
  language text NOT NULL CHECK (language IN ('fr', 'en')),
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 20000),
  -- The CV facts the text states (template versions), checked when written.
  claims jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (letter_id, version)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['cvs', 'cv_files', 'job_offers', 'match_analyses', 'letters', 'letter_versions'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY per_user ON %I USING (phoenix_is_system() OR user_id = phoenix_current_user())'
      ' WITH CHECK (phoenix_is_system() OR user_id = phoenix_current_user())', t);
  END LOOP;
END $$;

-- Down Migration
DROP TABLE letter_versions, letters, match_analyses, job_offers, cv_files, cvs;
