// An inbound SMS: resolve To → user, persist (deduplicated on MessageSid), record keywords, then
// enqueue. The row is committed before the job exists, so a lost enqueue (Redis down, crash) is
// recovered by the workers' sweeper; the job never points at a row that is not there. The webhook
// answers after the commit, without waiting for the enqueue.
import type { Logger } from "@phoenix/kernel/log";
import { jobIds, keywordOf, withSystem } from "@phoenix/store";
import type { Queues, Tx } from "@phoenix/store";
import type pg from "pg";
import { E164, MESSAGE_SID } from "./form.ts";
import type { FieldRule } from "./form.ts";

export interface InboundSms {
  messageSid: string;
  from: string;
  to: string;
  body: string;
  numSegments: number | null;
}

/** The inbound webhook's fields the router uses, in Twilio's form; a form without them is a 400. */
export const inboundFields = {
  MessageSid: { pattern: MESSAGE_SID },
  From: { pattern: E164 },
  To: { pattern: E164 },
  // Twilio always sends Body, empty for a picture without text.
  Body: { pattern: /^[\s\S]*$/ },
  // messages.segments is a smallint; Twilio's longest message is a few dozen segments.
  NumSegments: { pattern: /^[1-9][0-9]{0,2}$/, optional: true },
} satisfies Record<string, FieldRule>;

export type InboundOutcome = "accepted" | "duplicate" | "unknown_number" | "unknown_sender";

export interface InboundDeps {
  pool: pg.Pool;
  queues: Pick<Queues, "inbound">;
  logger: Logger;
  /** How long an enqueue may take before it is logged as lost (the sweeper enqueues later). */
  enqueueTimeoutMs?: number;
}

interface Stored {
  outcome: InboundOutcome;
  messageId?: string;
  userId?: string;
}

async function owner(tx: Tx, to: string): Promise<{ userId: string; phone: string | null } | null> {
  const { rows } = await tx.query<{ user_id: string; phone_e164: string | null }>(
    `SELECT p.user_id, u.phone_e164 FROM phone_numbers p JOIN users u ON u.id = p.user_id
     WHERE p.e164 = $1 AND p.active`,
    [to],
  );
  const row = rows[0];
  return row ? { userId: row.user_id, phone: row.phone_e164 } : null;
}

async function recordKeyword(tx: Tx, userId: string, body: string): Promise<void> {
  const keyword = keywordOf(body);
  if (keyword === "stop")
    await tx.query(
      `INSERT INTO opt_outs (user_id, keyword) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET keyword = EXCLUDED.keyword, opted_out_at = now()`,
      [userId, body.trim().toUpperCase()],
    );
  if (keyword === "start") await tx.query("DELETE FROM opt_outs WHERE user_id = $1", [userId]);
}

export function storeInbound(pool: pg.Pool, sms: InboundSms): Promise<Stored> {
  return withSystem(pool, async (tx) => {
    const found = await owner(tx, sms.to);
    if (!found) return { outcome: "unknown_number" };
    // Only the user's own phone speaks for the user on their number.
    if (found.phone && found.phone !== sms.from) return { outcome: "unknown_sender" };
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, segments)
       VALUES ($1, 'inbound', $2, $3, $4, $5, 'received', $6)
       ON CONFLICT (twilio_sid) DO NOTHING RETURNING id`,
      [found.userId, sms.messageSid, sms.from, sms.to, sms.body, sms.numSegments],
    );
    const messageId = inserted.rows[0]?.id;
    if (!messageId) return { outcome: "duplicate" };
    // Opt-outs take effect at once; usage and the sms.received event are the agent's (one
    // transaction fewer on the webhook's path, still exactly once: received → processed).
    if (keywordOf(sms.body)) await recordKeyword(tx, found.userId, sms.body);
    return { outcome: "accepted", messageId, userId: found.userId };
  });
}

/**
 * Stores the message, then starts its enqueue without waiting for Redis: the webhook answers once
 * the row is committed (Twilio only needs to know we have it), and the job is added while the
 * response goes out. A lost enqueue (Redis slow or down, a crash right after answering) is what
 * the workers' sweeper recovers, as it did when the webhook waited at most 1 s for Redis.
 */
export async function acceptInbound(deps: InboundDeps, sms: InboundSms): Promise<InboundOutcome> {
  const stored = await storeInbound(deps.pool, sms);
  if (stored.outcome !== "accepted" || !stored.messageId || !stored.userId) return stored.outcome;
  void enqueueInbound(deps, stored.messageId, stored.userId);
  return "accepted";
}

/** Adds the inbound job; never rejects (a failure or a timeout is logged, the sweeper re-enqueues). */
export async function enqueueInbound(deps: InboundDeps, messageId: string, userId: string): Promise<void> {
  const timeoutMs = deps.enqueueTimeoutMs ?? 1000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.queues.inbound.add("inbound", { messageId, userId }, { jobId: jobIds.inbound(messageId) }),
      new Promise((_, reject) => {
        timer = setTimeout(() => {
          reject(new Error(`enqueue took over ${timeoutMs} ms`));
        }, timeoutMs).unref();
      }),
    ]);
  } catch (err) {
    // Persisted, so not lost: the sweeper re-enqueues messages that have no reply after its deadline.
    deps.logger.warn({ err, messageId }, "inbound stored but not enqueued; the sweeper will pick it up");
  } finally {
    clearTimeout(timer);
  }
}
