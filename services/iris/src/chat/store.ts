// The chat's rows, read and written inside the user's transaction (row-level security shows one
// user's rows only). Every message written records its `chat.message` event (source_app "iris").
import { recordEvent } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { CoachState } from "../coach/flows.ts";
import { irisError } from "../reasons.ts";
import { titleFrom } from "./input.ts";

export interface ConversationRow {
  id: string;
  title: string | null;
  coach_state: unknown;
  created_at: Date;
  updated_at: Date;
}

export type Source = "assistant" | "coach" | "llm";

export interface MessageRow {
  id: string;
  role: "user" | "assistant";
  content: string;
  source: Source | null;
  outcome: string | null;
  intent: string | null;
  provider: string | null;
  model: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: string;
  coach_before: unknown;
  created_at: Date;
}

const CONVERSATION = "id, title, coach_state, created_at, updated_at";
const MESSAGE = `id, role, content, source, outcome, intent, provider, model, prompt_tokens, completion_tokens,
  cost_usd, coach_before, created_at`;

/** `LIKE` pattern for a search text: its wildcards taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

export async function listConversations(
  tx: Tx,
  query: { search: string | undefined; limit: number },
): Promise<ConversationRow[]> {
  const { search, limit } = query;
  const { rows } = await tx.query<ConversationRow>(
    `SELECT ${CONVERSATION} FROM chat_conversations c
      WHERE $1::text IS NULL OR c.title ILIKE $1
         OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND m.content ILIKE $1)
      ORDER BY updated_at DESC, id LIMIT $2`,
    [search === undefined ? null : containing(search), limit],
  );
  return rows;
}

export async function createConversation(
  tx: Tx,
  userId: string,
  title: string | null,
): Promise<ConversationRow> {
  const { rows } = await tx.query<ConversationRow>(
    `INSERT INTO chat_conversations (user_id, title) VALUES ($1, $2) RETURNING ${CONVERSATION}`,
    [userId, title],
  );
  const [row] = rows;
  if (!row) throw new Error("INSERT … RETURNING returned no row");
  return row;
}

const notFound = () => irisError(404, "conversation_not_found", "no such conversation");

/** The conversation, locked for this transaction's writes; 404 when the user has none by that id. */
export async function conversation(tx: Tx, id: string, { lock = false } = {}): Promise<ConversationRow> {
  const { rows } = await tx.query<ConversationRow>(
    `SELECT ${CONVERSATION} FROM chat_conversations WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
    [id],
  );
  const [row] = rows;
  if (!row) throw notFound();
  return row;
}

export async function renameConversation(tx: Tx, id: string, title: string): Promise<ConversationRow> {
  const { rows } = await tx.query<ConversationRow>(
    `UPDATE chat_conversations SET title = $2, updated_at = now() WHERE id = $1 RETURNING ${CONVERSATION}`,
    [id, title],
  );
  const [row] = rows;
  if (!row) throw notFound();
  return row;
}

export async function deleteConversation(tx: Tx, id: string): Promise<void> {
  const { rowCount } = await tx.query("DELETE FROM chat_conversations WHERE id = $1", [id]);
  if (rowCount !== 1) throw notFound();
}

export async function messagesOf(tx: Tx, conversationId: string, limit = 500): Promise<MessageRow[]> {
  const { rows } = await tx.query<MessageRow>(
    `SELECT ${MESSAGE} FROM (SELECT ${MESSAGE}, position FROM chat_messages WHERE conversation_id = $1
       ORDER BY position DESC LIMIT $2) last ORDER BY position`,
    [conversationId, limit],
  );
  return rows;
}

export interface NewMessage {
  userId: string;
  conversationId: string;
  role: "user" | "assistant";
  content: string;
  source?: Source;
  outcome?: string;
  intent?: string | null;
  provider?: string | null;
  model?: string | null;
  tokens?: { prompt: number; completion: number };
  costUsd?: number;
  coachBefore?: CoachState | null;
  now: Date;
}

/** Inserts a message, touches its conversation (named by the first message), records the event. */
const messageParams = (message: NewMessage): unknown[] => [
  message.conversationId,
  message.userId,
  message.role,
  message.content,
  message.source ?? null,
  message.outcome ?? null,
  message.intent ?? null,
  message.provider ?? null,
  message.model ?? null,
  message.tokens?.prompt ?? 0,
  message.tokens?.completion ?? 0,
  message.costUsd ?? 0,
  message.coachBefore ? JSON.stringify(message.coachBefore) : null,
  message.now,
];

/** The conversation moves to the top of the list; a first user message names an untitled one. */
async function touch(tx: Tx, message: NewMessage): Promise<void> {
  await tx.query(
    `UPDATE chat_conversations SET updated_at = $2,
       title = coalesce(title, CASE WHEN $3 = 'user' THEN $4 END)
     WHERE id = $1`,
    [message.conversationId, message.now, message.role, titleFrom(message.content)],
  );
}

export async function addMessage(tx: Tx, message: NewMessage): Promise<MessageRow> {
  const { rows } = await tx.query<MessageRow>(
    `INSERT INTO chat_messages (conversation_id, user_id, role, content, source, outcome, intent, provider, model,
       prompt_tokens, completion_tokens, cost_usd, coach_before, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING ${MESSAGE}`,
    messageParams(message),
  );
  const [row] = rows;
  if (!row) throw new Error("INSERT … RETURNING returned no row");
  await touch(tx, message);
  await recordEvent(tx, {
    userId: message.userId,
    type: "chat.message",
    payload: {
      conversationId: message.conversationId,
      messageId: row.id,
      role: message.role,
      ...(message.source && { source: message.source, outcome: message.outcome }),
    },
    occurredAt: message.now,
    sourceApp: "iris",
  });
  return row;
}
export async function setCoachState(tx: Tx, conversationId: string, state: CoachState | null): Promise<void> {
  await tx.query("UPDATE chat_conversations SET coach_state = $2 WHERE id = $1", [
    conversationId,
    state ? JSON.stringify(state) : null,
  ]);
}

export async function deleteMessage(tx: Tx, id: string): Promise<void> {
  await tx.query("DELETE FROM chat_messages WHERE id = $1", [id]);
}
