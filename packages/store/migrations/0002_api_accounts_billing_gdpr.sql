-- Up Migration
-- What the public API (services/api) keeps: credentials, refresh-token families, TOTP MFA,
-- consents, Stripe billing state, processed Stripe events and an anonymised audit log. Every
-- user-owned table has user_id → users ON DELETE CASCADE and the same forced row-level security
-- as 0001, so deleting a user removes every row and a user-scoped transaction sees only its own.
-- The two platform tables (stripe_events, audit_log) hold no personal data and are visible to the
-- system scope only (docs/decisions/0040, 0042, 0043).

ALTER TABLE users
  -- "premium" is not a stored role: it follows users.plan, which billing drives.
  ADD COLUMN role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  ADD COLUMN email_verified_at timestamptz,
  ADD CONSTRAINT users_email_lowercase CHECK (email = lower(email));

-- argon2id PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash).
CREATE TABLE credentials (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  password_hash text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Rotating refresh tokens: each use marks the token used and issues its child in the same family;
-- presenting a used or revoked token revokes the whole family (reuse detection).
CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  -- SHA-256 of the token's secret part; the token itself is never stored.
  token_hash bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
  parent_id uuid REFERENCES refresh_tokens (id) ON DELETE CASCADE,
  -- How the family's first login was authenticated (pwd, or pwd+otp): carried into access tokens' amr.
  amr text[] NOT NULL DEFAULT '{pwd}',
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('logout', 'reuse', 'mfa_changed', 'password_changed'))
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (user_id, family_id);
CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at);

-- TOTP secret, AES-256-GCM encrypted with a key derived from the INTERNAL key set (key_id = its kid);
-- re-encrypted under the current key whenever the key set changes.
CREATE TABLE mfa_totp (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  secret_ciphertext bytea NOT NULL,
  key_id text NOT NULL,
  -- null while enrolment waits for the first valid code.
  confirmed_at timestamptz,
  -- The last accepted time step: a code is never accepted twice.
  last_time_step bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- SHA-256 of high-entropy one-time codes (a slow hash adds nothing for 60-bit random secrets).
CREATE TABLE mfa_recovery_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  code_hash bytea NOT NULL UNIQUE CHECK (length(code_hash) = 32),
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes (user_id);

-- Consent records are kept after withdrawal (proof of what was agreed when); one open per type.
CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_.-]{1,63}$'),
  policy_version text NOT NULL CHECK (length(policy_version) BETWEEN 1 AND 64),
  granted_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz
);
CREATE UNIQUE INDEX consents_one_open ON consents (user_id, type) WHERE withdrawn_at IS NULL;

CREATE TABLE billing_customers (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  stripe_customer_id text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per Stripe subscription. Stripe delivers events at least once and in any order:
-- last_event_created is the `created` (Unix seconds) of the newest event applied, and an older one
-- never overwrites it; a terminal status is never left (docs/decisions/0043).
CREATE TABLE subscriptions (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status text NOT NULL,
  price_id text,
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean NOT NULL DEFAULT false,
  last_event_created bigint NOT NULL,
  last_event_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX subscriptions_user ON subscriptions (user_id);

CREATE TABLE invoices (
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  subscription_id text,
  status text NOT NULL,
  amount_due bigint NOT NULL DEFAULT 0,
  amount_paid bigint NOT NULL DEFAULT 0,
  currency text,
  hosted_invoice_url text,
  period_start timestamptz,
  period_end timestamptz,
  last_event_created bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX invoices_user ON invoices (user_id, created_at);

-- Processed Stripe event ids (idempotency). No user id: nothing personal, survives deletion, so a
-- replay after an account was deleted is still recognised.
CREATE TABLE stripe_events (
  id text PRIMARY KEY,
  type text NOT NULL,
  created timestamptz NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stripe_events_processed ON stripe_events (processed_at);

-- Anonymised audit trail: never a user id, e-mail or phone, so it outlives the account it describes.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  action text NOT NULL,
  -- self | admin | retention | billing
  actor text NOT NULL,
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_occurred ON audit_log (occurred_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['credentials', 'refresh_tokens', 'mfa_totp', 'mfa_recovery_codes', 'consents',
    'billing_customers', 'subscriptions', 'invoices'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY per_user ON %I USING (phoenix_is_system() OR user_id = phoenix_current_user())'
      ' WITH CHECK (phoenix_is_system() OR user_id = phoenix_current_user())', t);
  END LOOP;
  FOREACH t IN ARRAY ARRAY['stripe_events', 'audit_log'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY system_only ON %I USING (phoenix_is_system()) WITH CHECK (phoenix_is_system())', t);
  END LOOP;
END $$;

-- Down Migration
DROP TABLE audit_log, stripe_events, invoices, subscriptions, billing_customers, consents,
  mfa_recovery_codes, mfa_totp, refresh_tokens, credentials;
ALTER TABLE users DROP CONSTRAINT users_email_lowercase, DROP COLUMN email_verified_at, DROP COLUMN role;
