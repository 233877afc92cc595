// One inbound message → exactly one reply. The inbound row is locked and moved received →
// processed in the same transaction that applies the changes and drafts the reply (idempotency
// key reply-<inbound id>), so a retried, duplicated or swept job finds the work done and only
// makes sure the reply's send job exists.
import {
  addUsage,
  applyChanges,
  draftOutbound,
  enqueueAfterCommit,
  handledByTwilio,
  jobIds,
  keywordOf,
  recordEvent,
  routeFor,
  smsQuota,
  withUser,
} from "@phoenix/store";
import type { AfterCommit, QuotaLimits, Queues, Tx } from "@phoenix/store";
import type pg from "pg";
import { loadContext, loadUser } from "./context.ts";
import type { UserRow } from "./context.ts";
import { interpret, languageOf, notices } from "@phoenix/assistant";
import type { EngineContext, EngineResult, Language } from "@phoenix/assistant";

export type Responder = (text: string, ctx: EngineContext) => Promise<string | null>;

export interface AgentDeps {
  pool: pg.Pool;
  queues: Pick<Queues, "outbound" | "reminders" | "focus">;
  quotas: QuotaLimits;
  /** The optional LLM, asked only when the engine's intent is "unknown". */
  llm?: Responder;
  now?: () => Date;
}

export interface Handled {
  outcome: "replied" | "no_reply" | "already_done" | "missing";
  intent: string | null;
}

interface Decision {
  result: EngineResult;
  kind: "reply" | "quota" | "keyword" | "optout";
  /** false: a STOP Twilio answers itself, or over quota after the notice — nothing is sent. */
  send: boolean;
}

/**
 * STOP, ARRET and START, answered in the user's language whatever the keyword's own. The router
 * has already recorded the opt-out or lifted it.
 */
function keywordDecision(body: string, language: Language): Decision | null {
  const keyword = keywordOf(body);
  const notice = (intent: string, reply: string) => ({ intent, reply, language, actions: [] });
  // Twilio confirms STOP and its synonyms itself and blocks whatever we would send.
  if (keyword === "stop" && handledByTwilio(body))
    return { result: notice("keyword.stop", ""), kind: "keyword", send: false };
  // ARRET: Twilio knows nothing of it, so the one confirmation is ours; its kind is the only one
  // the send worker still delivers to an opted-out user.
  if (keyword === "stop")
    return { result: notice("keyword.stop", notices(language).stopped), kind: "optout", send: true };
  if (keyword === "start")
    return { result: notice("keyword.start", notices(language).started), kind: "keyword", send: true };
  return null;
}

async function decide(
  tx: Tx,
  { user, body, messageId }: { user: UserRow; body: string; messageId: string },
  deps: AgentDeps,
  now: Date,
): Promise<Decision> {
  const language = languageOf(user);
  const keywordAnswer = keywordDecision(body, language);
  if (keywordAnswer) return keywordAnswer;
  // The platform's one SMS quota (the API reports the same count): this message's local day, by arrival.
  const quota = await smsQuota(tx, user, deps.quotas, { messageId });
  if (quota.used > quota.limit) {
    const first = await tx.query(
      "INSERT INTO quota_notices (user_id, local_day) VALUES ($1, $2) ON CONFLICT DO NOTHING",
      [user.id, quota.day],
    );
    const reply = notices(language).quotaReached(quota.limit);
    const result = { intent: "quota.exceeded", reply, language, actions: [] };
    return { result, kind: "quota", send: first.rowCount === 1 };
  }
  const ctx = await loadContext(tx, user, now);
  const result = interpret(keywordOf(body) === "help" ? "help" : body, ctx);
  if (result.intent === "unknown" && deps.llm) {
    // In the language the engine would have answered in: the message's own, else the user's.
    const text = await deps.llm(body, { ...ctx, language: result.language }).catch(() => null);
    if (text) return { result: { ...result, intent: "llm", reply: text }, kind: "reply", send: true };
  }
  return { result, kind: "reply", send: true };
}

interface Outcome {
  handled: Handled;
  after: AfterCommit[];
  /** A reply drafted and not yet sent: its send job is (re-)enqueued. */
  replyId: string | null;
}

async function handleInTransaction(
  deps: AgentDeps,
  messageId: string,
  userId: string,
  now: Date,
): Promise<Outcome> {
  return withUser(deps.pool, userId, async (tx) => {
    const { rows } = await tx.query<{ body: string; status: string }>(
      "SELECT body, status FROM messages WHERE id = $1 AND direction = 'inbound' FOR UPDATE",
      [messageId],
    );
    const inbound = rows[0];
    const user = await loadUser(tx, userId);
    if (!inbound || !user) return { handled: { outcome: "missing", intent: null }, after: [], replyId: null };
    if (inbound.status !== "received") {
      const reply = await tx.query<{ id: string; status: string }>(
        "SELECT id, status FROM messages WHERE in_reply_to = $1",
        [messageId],
      );
      const pending = reply.rows[0]?.status === "pending" ? reply.rows[0].id : null;
      return { handled: { outcome: "already_done", intent: null }, after: [], replyId: pending };
    }
    await recordEvent(tx, { userId, type: "sms.received", payload: { messageId }, occurredAt: now });
    const decision = await decide(tx, { user, body: inbound.body, messageId }, deps, now);
    const { after } = await applyChanges({ tx, userId, origin: { messageId }, now }, decision.result.actions);
    let replyId: string | null = null;
    const route = decision.send ? await routeFor(tx, userId) : null;
    if (route && decision.result.reply) {
      const draft = { userId, body: decision.result.reply, kind: decision.kind, inReplyTo: messageId };
      replyId = (
        await draftOutbound(
          tx,
          { ...draft, idempotencyKey: `reply-${messageId}`, intent: decision.result.intent },
          route,
        )
      ).id;
    }
    await tx.query(
      "UPDATE messages SET status = 'processed', status_rank = 1, intent = $2, updated_at = now() WHERE id = $1",
      [messageId, decision.result.intent],
    );
    await recordEvent(tx, {
      userId,
      type: "sms.handled",
      payload: { messageId, intent: decision.result.intent },
      occurredAt: now,
    });
    // Last: the user's usage_monthly row is the one row every inbound and outbound message of the
    // user updates, and its lock is held until COMMIT — taken first, it serialised the user's
    // messages (the send worker's too) over the whole handling, the LLM call included.
    await addUsage(tx, userId, now, { messagesIn: 1 });
    const handled: Handled = { outcome: replyId ? "replied" : "no_reply", intent: decision.result.intent };
    return { handled, after, replyId };
  });
}

export async function handleInbound(deps: AgentDeps, messageId: string, userId: string): Promise<Handled> {
  const now = deps.now?.() ?? new Date();
  const { handled, after, replyId } = await handleInTransaction(deps, messageId, userId, now);
  await enqueueAfterCommit(deps.queues, userId, after, now);
  if (replyId)
    await deps.queues.outbound.add(
      "outbound",
      { messageId: replyId, userId },
      { jobId: jobIds.outbound(replyId) },
    );
  return handled;
}
