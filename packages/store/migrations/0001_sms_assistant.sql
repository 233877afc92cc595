-- Up Migration
-- The SMS assistant's schema. Every user-owned table carries user_id and is guarded by row-level
-- security (ENABLE + FORCE, so it applies to the owning role too): a transaction sees a user's
-- rows only after `SELECT set_config('phoenix.user_id', <uuid>, true)`, or every row when it runs
-- as the platform itself with `set_config('phoenix.scope', 'system', true)` (router lookups by
-- number or MessageSid, sweeper, event processor). Superusers bypass RLS, so services connect as
-- an ordinary role (docs/decisions/0007-sms-data-model.md).

CREATE FUNCTION phoenix_current_user() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('phoenix.user_id', true), '')::uuid $$;
CREATE FUNCTION phoenix_is_system() RETURNS boolean
  LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('phoenix.scope', true), '') = 'system' $$;

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The user's own phone: the only sender the assistant answers on the user's number.
  phone_e164 text UNIQUE CHECK (phone_e164 ~ '^\+[1-9][0-9]{1,14}$'),
  email text UNIQUE,
  plan text NOT NULL DEFAULT 'free' CHECK (plan IN ('free', 'premium')),
  time_zone text NOT NULL DEFAULT 'America/New_York',
  quiet_start text CHECK (quiet_start ~ '^[0-2][0-9]:[0-5][0-9]$'),
  quiet_end text CHECK (quiet_end ~ '^[0-2][0-9]:[0-5][0-9]$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The user's dedicated Twilio number, synced from the TwilioNumber CRs' status.
CREATE TABLE phone_numbers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  e164 text NOT NULL UNIQUE CHECK (e164 ~ '^\+[1-9][0-9]{1,14}$'),
  twilio_sid text UNIQUE,
  -- namespace/name of the TwilioNumber CR this row mirrors.
  source text,
  monthly_price numeric(10, 4),
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX phone_numbers_one_active_per_user ON phone_numbers (user_id) WHERE active;

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  twilio_sid text UNIQUE,
  from_e164 text NOT NULL,
  to_e164 text NOT NULL,
  body text NOT NULL,
  -- inbound: received → processed; outbound: pending → dispatching → Twilio's queued/sent/delivered | undelivered | failed, or suppressed
  status text NOT NULL,
  -- Orders Twilio's statuses so an out-of-order callback never moves a message backwards.
  status_rank smallint NOT NULL DEFAULT 0,
  error_code integer,
  segments smallint,
  price numeric(10, 5),
  price_unit text,
  -- What caused an outbound message: reply, reminder, focus, nudge, quota, keyword.
  kind text,
  -- Exactly-once: one outbound row per cause (reply:<inbound id>, reminder:<id>:<due>, …).
  idempotency_key text UNIQUE,
  in_reply_to uuid REFERENCES messages (id) ON DELETE CASCADE,
  attempts integer NOT NULL DEFAULT 0,
  -- Held back until then (a nudge during quiet hours); null = now.
  send_after timestamptz,
  intent text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (direction = 'outbound' OR twilio_sid IS NOT NULL)
);
CREATE INDEX messages_user_created ON messages (user_id, created_at);
CREATE INDEX messages_inbound_unprocessed ON messages (created_at) WHERE direction = 'inbound' AND status = 'received';
CREATE INDEX messages_outbound_unsent ON messages (updated_at) WHERE direction = 'outbound' AND status IN ('pending', 'dispatching');

CREATE TABLE tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'deleted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);
CREATE INDEX tasks_user_open ON tasks (user_id, created_at) WHERE status = 'open';

CREATE TABLE reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  due_at timestamptz NOT NULL,
  recurrence jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fired', 'cancelled')),
  fired_count integer NOT NULL DEFAULT 0,
  last_fired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reminders_pending_due ON reminders (due_at) WHERE status = 'pending';

CREATE TABLE focus_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  minutes integer NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  started_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'stopped'))
);
CREATE UNIQUE INDEX focus_one_running ON focus_sessions (user_id) WHERE status = 'running';

CREATE TABLE energy_checkins (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
  note text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Small per-user facts the assistant keeps (last fired reminder, streak, …).
CREATE TABLE memory (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  key text NOT NULL,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

-- The event stream every app writes to; the content hash makes a replayed event a no-op.
CREATE TABLE events (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  source_app text NOT NULL DEFAULT 'sms',
  type text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  content_hash bytea NOT NULL UNIQUE CHECK (length(content_hash) = 32),
  occurred_at timestamptz NOT NULL,
  processed_at timestamptz
);
CREATE INDEX events_unprocessed ON events (id) WHERE processed_at IS NULL;
CREATE INDEX events_user_type ON events (user_id, type, occurred_at);

CREATE TABLE nudges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL,
  -- One nudge of a kind per user per local day.
  local_day date NOT NULL,
  message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, kind, local_day)
);

CREATE TABLE opt_outs (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  keyword text NOT NULL,
  opted_out_at timestamptz NOT NULL DEFAULT now()
);

-- One notice per user per local day when the plan's daily limit is reached.
CREATE TABLE quota_notices (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  local_day date NOT NULL,
  PRIMARY KEY (user_id, local_day)
);

CREATE TABLE usage_monthly (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  month date NOT NULL CHECK (extract(day FROM month) = 1),
  messages_in integer NOT NULL DEFAULT 0,
  messages_out integer NOT NULL DEFAULT 0,
  segments_out integer NOT NULL DEFAULT 0,
  sms_cost numeric(12, 5) NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, month)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['phone_numbers', 'messages', 'tasks', 'reminders', 'focus_sessions',
    'energy_checkins', 'memory', 'events', 'nudges', 'opt_outs', 'quota_notices', 'usage_monthly'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY per_user ON %I USING (phoenix_is_system() OR user_id = phoenix_current_user())'
      ' WITH CHECK (phoenix_is_system() OR user_id = phoenix_current_user())', t);
  END LOOP;
END $$;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY per_user ON users USING (phoenix_is_system() OR id = phoenix_current_user())
  WITH CHECK (phoenix_is_system() OR id = phoenix_current_user());

-- Down Migration
DROP TABLE usage_monthly, quota_notices, opt_outs, nudges, events, memory, energy_checkins,
  focus_sessions, reminders, tasks, messages, phone_numbers, users;
DROP FUNCTION phoenix_is_system();
DROP FUNCTION phoenix_current_user();
