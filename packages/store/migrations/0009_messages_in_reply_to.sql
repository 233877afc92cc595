-- Up Migration
-- Replies by the inbound message they answer. Without it, two paths read every row of messages:
-- the agent's retry of a message it already handled (SELECT … WHERE in_reply_to = $1, 4 ms a call
-- under `make load`, growing with the table) and in_reply_to's ON DELETE CASCADE, which looks for
-- the replies of each message deleted (account erasure, retention). Partial: most rows (inbound
-- messages, reminders, nudges) answer nothing.
CREATE INDEX messages_in_reply_to ON messages (in_reply_to) WHERE in_reply_to IS NOT NULL;

-- Down Migration
DROP INDEX messages_in_reply_to;
