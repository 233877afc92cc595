-- Up Migration
-- Iris (services/iris): the coach's conversations and their messages, and the journal. Every table
-- carries user_id and the same forced per-user policy as the others, so a query of iris sees one
-- user's rows only. A conversation's coach_state is where the deterministic coaching flow stands
-- (flow id and step); messages keep what an answer cost (tokens, estimated USD) and who gave it.

CREATE TABLE chat_conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- NULL until named: the first message names it, the user may rename it.
  title text CHECK (char_length(title) BETWEEN 1 AND 120),
  coach_state jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_conversations_recent ON chat_conversations (user_id, updated_at DESC);

CREATE TABLE chat_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order of a conversation's messages (created_at ties within a transaction).
  position bigint GENERATED ALWAYS AS IDENTITY,
  conversation_id uuid NOT NULL REFERENCES chat_conversations (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('user', 'assistant')),
  content text NOT NULL,
  -- assistant only: 'assistant' (the engine carried out a command), 'coach' (a scripted flow), 'llm'.
  source text CHECK (source IN ('assistant', 'coach', 'llm')),
  outcome text,
  intent text,
  -- assistant only: the coaching flow's state the answer was given from (regenerate starts there again).
  coach_before jsonb,
  provider text,
  model text,
  prompt_tokens integer NOT NULL DEFAULT 0 CHECK (prompt_tokens >= 0),
  completion_tokens integer NOT NULL DEFAULT 0 CHECK (completion_tokens >= 0),
  cost_usd numeric(12, 6) NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_order ON chat_messages (conversation_id, position);
CREATE INDEX chat_messages_user ON chat_messages (user_id, created_at);

CREATE TABLE journal_entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 2000),
  -- The analyzer's explainable result: themes and sentiment with the words that gave them.
  analysis jsonb NOT NULL,
  -- Sentiment in [-1, 1], kept apart for the trend.
  mood real NOT NULL CHECK (mood BETWEEN -1 AND 1),
  -- The user's local day when written (their time zone then): the trend's x axis.
  local_day date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_entries_user_day ON journal_entries (user_id, local_day);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['chat_conversations', 'chat_messages', 'journal_entries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY per_user ON %I USING (phoenix_is_system() OR user_id = phoenix_current_user())'
      ' WITH CHECK (phoenix_is_system() OR user_id = phoenix_current_user())', t);
  END LOOP;
END $$;

-- Down Migration
DROP TABLE journal_entries, chat_messages, chat_conversations;
