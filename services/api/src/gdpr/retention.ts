// Retention: data past its configured age is deleted on a timer. One replica at a time (a
// transaction-scoped advisory lock; the others skip that round). Consents and invoices are kept for
// the account's lifetime (proof of consent, bookkeeping); everything else below ages out.
import { withSystem } from "@phoenix/store";
import type pg from "pg";

export interface RetentionDays {
  messages: number;
  events: number;
  tokens: number;
  audit: number;
  stripeEvents: number;
}

// "phoenix-retention" as a 64-bit advisory lock key.
const LOCK_KEY = 0x70686f656e6978n;

const rules = (days: RetentionDays): Array<[string, string, number]> => [
  ["messages", "DELETE FROM messages WHERE created_at < now() - make_interval(days => $1)", days.messages],
  [
    "energy_checkins",
    "DELETE FROM energy_checkins WHERE created_at < now() - make_interval(days => $1)",
    days.messages,
  ],
  [
    "events",
    "DELETE FROM events WHERE processed_at IS NOT NULL AND occurred_at < now() - make_interval(days => $1)",
    days.events,
  ],
  [
    "refresh_tokens",
    "DELETE FROM refresh_tokens WHERE greatest(expires_at, coalesce(revoked_at, expires_at)) < now() - make_interval(days => $1)",
    days.tokens,
  ],
  ["audit_log", "DELETE FROM audit_log WHERE occurred_at < now() - make_interval(days => $1)", days.audit],
  [
    "stripe_events",
    "DELETE FROM stripe_events WHERE processed_at < now() - make_interval(days => $1)",
    days.stripeEvents,
  ],
];

/** Deletes expired rows; returns counts per table, or undefined when another replica holds the lock. */
export async function runRetention(
  pool: pg.Pool,
  days: RetentionDays,
): Promise<Record<string, number> | undefined> {
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>("SELECT pg_try_advisory_xact_lock($1) AS locked", [
      LOCK_KEY.toString(),
    ]);
    if (!rows[0]?.locked) return undefined;
    const deleted: Record<string, number> = {};
    for (const [table, sql, age] of rules(days)) {
      deleted[table] = (await tx.query(sql, [age])).rowCount ?? 0;
    }
    const total = Object.values(deleted).reduce((sum, n) => sum + n, 0);
    if (total > 0) {
      await tx.query(
        "INSERT INTO audit_log (action, actor, details) VALUES ('retention.run', 'retention', $1)",
        [{ deleted }],
      );
    }
    return deleted;
  });
}
