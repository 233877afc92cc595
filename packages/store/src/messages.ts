// Message rows shared by the router (inbound, status callbacks), the agent (replies) and the
// workers (sending, reminders, nudges).
import type { Tx } from "./scope.ts";

/** Twilio's outbound statuses in the order they can happen; a callback never moves a message back. */
export const statusRank: Readonly<Record<string, number>> = {
  // Ours, before Twilio has the message: drafted, then handed to the Messages API.
  pending: 0,
  dispatching: 1,
  // Twilio's.
  accepted: 2,
  scheduled: 2,
  queued: 3,
  sending: 4,
  sent: 5,
  delivered: 6,
  undelivered: 6,
  failed: 6,
  canceled: 6,
  read: 7,
  // Ours, terminal: not sent because the user opted out.
  suppressed: 6,
  // Inbound.
  received: 0,
  processed: 1,
};

export function rankOf(status: string): number {
  return statusRank[status] ?? 0;
}

/**
 * What caused an outbound message. "optout" is the confirmation of an opt-out keyword Twilio does
 * not answer itself (ARRET): the one kind still sent to a user who has opted out.
 */
export type OutboundKind = "reply" | "reminder" | "focus" | "nudge" | "quota" | "keyword" | "optout";

export interface OutboundDraft {
  userId: string;
  body: string;
  kind: OutboundKind;
  /** One row per cause: a second draft with the same key returns the first row's id. */
  idempotencyKey: string;
  inReplyTo?: string;
  intent?: string;
  /** Not before this instant (quiet hours); default now. */
  sendAfter?: Date;
}

export interface Route {
  /** The user's dedicated Twilio number. */
  from: string;
  /** The user's own phone. */
  to: string;
}

/** The user's active number and phone, or null when the user cannot be texted. */
export async function routeFor(tx: Tx, userId: string): Promise<Route | null> {
  const { rows } = await tx.query<{ from: string; to: string | null }>(
    `SELECT p.e164 AS from, u.phone_e164 AS to FROM users u
     JOIN phone_numbers p ON p.user_id = u.id AND p.active WHERE u.id = $1`,
    [userId],
  );
  const row = rows[0];
  return row?.to ? { from: row.from, to: row.to } : null;
}

/** Stores an outbound message in `pending`; returns its id and whether this call created it. */
export async function draftOutbound(
  tx: Tx,
  draft: OutboundDraft,
  route: Route,
): Promise<{ id: string; created: boolean }> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO messages (user_id, direction, from_e164, to_e164, body, status, kind, idempotency_key, in_reply_to, intent, send_after)
     VALUES ($1, 'outbound', $2, $3, $4, 'pending', $5, $6, $7, $8, $9)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      draft.userId,
      route.from,
      route.to,
      draft.body,
      draft.kind,
      draft.idempotencyKey,
      draft.inReplyTo ?? null,
      draft.intent ?? null,
      draft.sendAfter ?? null,
    ],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const existing = await tx.query<{ id: string }>("SELECT id FROM messages WHERE idempotency_key = $1", [
    draft.idempotencyKey,
  ]);
  const id = existing.rows[0]?.id;
  if (!id) throw new Error(`outbound ${draft.idempotencyKey} vanished`);
  return { id, created: false };
}

/** Counts towards the month's usage when a message is stored or sent. */
export async function addUsage(
  tx: Tx,
  userId: string,
  at: Date,
  delta: { messagesIn?: number; messagesOut?: number; segmentsOut?: number; smsCost?: number },
): Promise<void> {
  await tx.query(
    `INSERT INTO usage_monthly (user_id, month, messages_in, messages_out, segments_out, sms_cost)
     VALUES ($1, date_trunc('month', $2::timestamptz AT TIME ZONE 'UTC')::date, $3, $4, $5, $6)
     ON CONFLICT (user_id, month) DO UPDATE SET
       messages_in = usage_monthly.messages_in + EXCLUDED.messages_in,
       messages_out = usage_monthly.messages_out + EXCLUDED.messages_out,
       segments_out = usage_monthly.segments_out + EXCLUDED.segments_out,
       sms_cost = usage_monthly.sms_cost + EXCLUDED.sms_cost`,
    [userId, at, delta.messagesIn ?? 0, delta.messagesOut ?? 0, delta.segmentsOut ?? 0, delta.smsCost ?? 0],
  );
}
