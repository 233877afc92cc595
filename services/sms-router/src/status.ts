// Delivery status callbacks. They can arrive out of order and more than once, so an update only
// ever moves a message forward (rank), and a callback for a message we do not know changes nothing.
import { rankOf, recordEvent, withSystem } from "@phoenix/store";
import type pg from "pg";

export interface StatusCallback {
  messageSid: string;
  status: string;
  errorCode: number | null;
}

export type StatusOutcome = "updated" | "stale" | "unknown_message";

export function applyStatus(
  pool: pg.Pool,
  callback: StatusCallback,
  now = new Date(),
): Promise<StatusOutcome> {
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
