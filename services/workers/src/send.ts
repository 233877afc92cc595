// Outbound SMS through the Messages API, exactly once per message row.
// pending → dispatching is committed before the call; a job that finds `dispatching` knows an
// earlier attempt may have reached Twilio, so after that attempt's lease it asks Twilio (list by
// To/From/day, same body, created after the row) and adopts the message instead of sending again.
// Nothing goes to a user who opted out, except the confirmation of that opt-out when Twilio does
// not send one itself (ARRET: kind "optout").
import { addUsage, rankOf, recordEvent, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import { TwilioApiError } from "@phoenix/twilio";
import type { Message, TwilioClient } from "@phoenix/twilio";
import type pg from "pg";

export interface SendDeps {
  pool: pg.Pool;
  twilio: TwilioClient;
  statusCallback: string;
  /** An earlier attempt in `dispatching` younger than this may still be in flight; default 30 s. */
  leaseMs?: number;
  now?: () => Date;
  /**
   * Called once a reply (a message answering an inbound one) reached Twilio, sent or adopted, with
   * the seconds since the inbound message's row was stored: the "reply sent" SLI.
   */
  onReplySent?: (seconds: number) => void;
}

export type SendOutcome = "sent" | "adopted" | "already_sent" | "suppressed" | "failed" | "missing";

interface Row {
  id: string;
  user_id: string;
  status: string;
  from_e164: string;
  to_e164: string;
  body: string;
  created_at: Date;
  updated_at: Date;
  /** When the inbound message this one answers arrived; null for reminders, nudges, notices. */
  inbound_at: Date | null;
  /** The user opted out and this is not the confirmation of that opt-out. */
  suppress: boolean;
}

/** Thrown while an earlier attempt's lease runs: BullMQ retries the job later. */
export class InFlightError extends Error {}

async function claim(tx: Tx, messageId: string, now: Date, leaseMs: number) {
  const { rows } = await tx.query<Row>(
    `SELECT m.id, m.user_id, m.status, m.from_e164, m.to_e164, m.body, m.created_at, m.updated_at,
       (SELECT i.created_at FROM messages i WHERE i.id = m.in_reply_to AND i.direction = 'inbound') AS inbound_at,
       m.kind IS DISTINCT FROM 'optout' AND EXISTS (SELECT 1 FROM opt_outs o WHERE o.user_id = m.user_id) AS suppress
     FROM messages m WHERE m.id = $1 AND m.direction = 'outbound' FOR UPDATE OF m`,
    [messageId],
  );
  const row = rows[0];
  if (!row) return { outcome: "missing" as const };
  if (row.status !== "pending" && row.status !== "dispatching") return { outcome: "already_sent" as const };
  if (row.suppress) {
    await tx.query(
      "UPDATE messages SET status = 'suppressed', status_rank = $2, updated_at = now() WHERE id = $1",
      [messageId, rankOf("suppressed")],
    );
    return { outcome: "suppressed" as const };
  }
  const retry = row.status === "dispatching";
  if (retry && now.getTime() - row.updated_at.getTime() < leaseMs)
    throw new InFlightError(`message ${messageId} is being sent by another attempt`);
  await tx.query(
    "UPDATE messages SET status = 'dispatching', status_rank = 1, attempts = attempts + 1, updated_at = $2 WHERE id = $1",
    [messageId, now],
  );
  return { outcome: "claimed" as const, row, retry };
}

async function findEarlier(twilio: TwilioClient, row: Row): Promise<Message | null> {
  const day = row.created_at.toISOString().slice(0, 10);
  const candidates = await twilio.listMessages({ to: row.to_e164, from: row.from_e164, dateSentAfter: day });
  const since = row.created_at.getTime() - 1000;
  return (
    candidates.find(
      (m) => m.body === row.body && (m.date_created ? Date.parse(m.date_created) >= since : true),
    ) ?? null
  );
}

async function record(tx: Tx, row: Row, message: Message, now: Date): Promise<void> {
  await tx.query(
    `UPDATE messages SET twilio_sid = $2, status = CASE WHEN status_rank < $4 THEN $3 ELSE status END,
       status_rank = greatest(status_rank, $4), segments = $5, updated_at = now() WHERE id = $1`,
    [row.id, message.sid, message.status, rankOf(message.status), Number(message.num_segments) || null],
  );
  await addUsage(tx, row.user_id, now, { messagesOut: 1, segmentsOut: Number(message.num_segments) || 1 });
  await recordEvent(tx, {
    userId: row.user_id,
    type: "sms.sent",
    payload: { messageId: row.id, sid: message.sid },
    occurredAt: now,
  });
}

async function fail(tx: Tx, row: Row, err: TwilioApiError): Promise<void> {
  await tx.query(
    "UPDATE messages SET status = 'failed', status_rank = $3, error_code = $2, updated_at = now() WHERE id = $1",
    [row.id, err.code ?? null, rankOf("failed")],
  );
  await recordEvent(tx, {
    userId: row.user_id,
    type: "sms.failed",
    payload: { messageId: row.id, code: err.code ?? null, status: err.status },
    occurredAt: new Date(),
  });
}

/** A reply reached Twilio: how long after its inbound message (nothing for other messages). */
function reportReply(deps: SendDeps, row: Row): void {
  if (!row.inbound_at || !deps.onReplySent) return;
  deps.onReplySent(((deps.now?.() ?? new Date()).getTime() - row.inbound_at.getTime()) / 1000);
}

export async function sendOutbound(deps: SendDeps, messageId: string, userId: string): Promise<SendOutcome> {
  const now = deps.now?.() ?? new Date();
  const claimed = await withUser(deps.pool, userId, (tx) =>
    claim(tx, messageId, now, deps.leaseMs ?? 30_000),
  );
  if (claimed.outcome !== "claimed") return claimed.outcome;
  const { row, retry } = claimed;
  let message = retry ? await findEarlier(deps.twilio, row) : null;
  const adopted = message !== null;
  try {
    message ??= await deps.twilio.sendMessage({
      to: row.to_e164,
      from: row.from_e164,
      body: row.body,
      statusCallback: deps.statusCallback,
    });
  } catch (err) {
    // 429, 5xx and network errors are worth retrying (BullMQ backs off); the rest is Twilio saying no.
    if (err instanceof TwilioApiError && !err.retryable) {
      await withUser(deps.pool, userId, (tx) => fail(tx, row, err));
      return "failed";
    }
    throw err;
  }
  const sent = message;
  await withUser(deps.pool, userId, (tx) => record(tx, row, sent, now));
  reportReply(deps, row);
  return adopted ? "adopted" : "sent";
}
