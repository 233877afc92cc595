// Delivery status callbacks. They can arrive out of order and more than once, so an update only
// ever moves a message forward (rank), and a callback for a message we do not know changes nothing.
import { rankOf, recordEvent, withSystem } from "@phoenix/store";
import type pg from "pg";
import { MESSAGE_SID } from "./form.ts";
import type { FieldRule } from "./form.ts";

const STATUS = /^[a-z_]{1,32}$/;

/** A status callback's fields the router uses, in Twilio's form; a form without them is a 400. */
export const statusFields = {
  MessageSid: { pattern: MESSAGE_SID },
  // Twilio sends both; older callbacks only SmsStatus (the router requires one of them).
  MessageStatus: { pattern: STATUS, optional: true },
  SmsStatus: { pattern: STATUS, optional: true },
  // messages.error_code is an integer column.
  ErrorCode: { pattern: /^[0-9]{1,9}$/, optional: true },
} satisfies Record<string, FieldRule>;

/**
 * The statuses Twilio reports for a message. Ours (pending, dispatching, processed, suppressed)
 * never come from a callback, and one Twilio adds later is counted and ignored until it is ranked.
 */
export const twilioStatuses: ReadonlySet<string> = new Set([
  "accepted",
  "scheduled",
  "queued",
  "sending",
  "sent",
  "delivered",
  "undelivered",
  "failed",
  "canceled",
  "read",
  "receiving",
  "received",
  "partially_delivered",
]);

export interface StatusCallback {
  messageSid: string;
  status: string;
  errorCode: number | null;
}

export type StatusOutcome = "updated" | "stale" | "unknown_message" | "unknown_status";

export function applyStatus(
  pool: pg.Pool,
  callback: StatusCallback,
  now = new Date(),
): Promise<StatusOutcome> {
  if (!twilioStatuses.has(callback.status)) return Promise.resolve("unknown_status");
  const rank = rankOf(callback.status);
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; user_id: string }>(
      `UPDATE messages SET status = $2, status_rank = $3, error_code = coalesce($4, error_code), updated_at = now()
       WHERE twilio_sid = $1 AND direction = 'outbound' AND status_rank < $3 RETURNING id, user_id`,
      [callback.messageSid, callback.status, rank, callback.errorCode],
    );
    const row = rows[0];
    if (row) {
      await recordEvent(tx, {
        userId: row.user_id,
        type: `sms.${callback.status}`,
        payload: { messageId: row.id, errorCode: callback.errorCode },
        occurredAt: now,
      });
      return "updated";
    }
    const known = await tx.query("SELECT 1 FROM messages WHERE twilio_sid = $1", [callback.messageSid]);
    return known.rowCount ? "stale" : "unknown_message";
  });
}
