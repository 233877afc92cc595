// Usage and cost. Twilio's status callbacks carry no price, and a callback can be lost, so the
// workers read sent messages back from the Messages API once: price (and a missed final status)
// land on the row, and the price is added to the user's month exactly once (only when it was null).
// usage_monthly reaches the user through the GDPR export; a number's rental is the operator's
// (TwilioNumber status.monthlyPrice, mirrored to phone_numbers.monthly_price).
import { addUsage, rankOf, withSystem, withUser } from "@phoenix/store";
import type { TwilioClient } from "@phoenix/twilio";
import type pg from "pg";

export interface UsageDeps {
  pool: pg.Pool;
  twilio: TwilioClient;
}

/** Messages sent at least this long ago without a price or a final status get read back. */
const SETTLE_MS = 2_000;
const BATCH = 100;

export async function settleMessages(deps: UsageDeps, now = new Date()): Promise<number> {
  const rows = await withSystem(deps.pool, async (tx) => {
    const result = await tx.query<{ id: string; user_id: string; twilio_sid: string }>(
      `SELECT id, user_id, twilio_sid FROM messages WHERE direction = 'outbound' AND twilio_sid IS NOT NULL
       AND ((price IS NULL AND status IN ('sent', 'delivered', 'undelivered')) OR status_rank < $2) AND updated_at < $1 AND created_at > $1::timestamptz - interval '2 days'
       ORDER BY updated_at LIMIT ${BATCH}`,
      [new Date(now.getTime() - SETTLE_MS), rankOf("delivered")],
    );
    return result.rows;
  });
  let settled = 0;
  for (const row of rows) {
    const message = await deps.twilio.fetchMessage(row.twilio_sid);
    const price = message.price === null ? null : Math.abs(Number(message.price));
    await withUser(deps.pool, row.user_id, async (tx) => {
      const before = await tx.query<{ price: string | null }>(
        "SELECT price FROM messages WHERE id = $1 FOR UPDATE",
        [row.id],
      );
      await tx.query(
        `UPDATE messages SET price = coalesce(price, $2), price_unit = coalesce(price_unit, $3),
           status = CASE WHEN status_rank < $5 THEN $4 ELSE status END, status_rank = greatest(status_rank, $5),
           error_code = coalesce(error_code, $6), updated_at = now()
         WHERE id = $1`,
        [row.id, price, message.price_unit, message.status, rankOf(message.status), message.error_code],
      );
      // Counted once: only the read-back that fills the price adds it to the month.
      if (before.rows[0]?.price === null && price !== null)
        await addUsage(tx, row.user_id, now, { smsCost: price });
    });
    settled += 1;
  }
  return settled;
}
