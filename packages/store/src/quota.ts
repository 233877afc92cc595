// The SMS quota, one rule for the whole platform (ADR 0007): a user may text the assistant their
// plan's number of messages per local day, in their own time zone. The agent answers a message
// over it with one notice per day and nothing after; GET /v1/me/quota reports the same count.
// Both read the limits from the same variables (smsQuotaConfig) and count with smsQuota.
import Type from "typebox";
import type { Tx } from "./scope.ts";

/** Spread into a service's config schema: the one place the variables and defaults are written. */
export const smsQuotaConfig = {
  /** Messages a user may send per local day, by plan; one notice SMS when reached. */
  QUOTA_FREE_PER_DAY: Type.Integer({ minimum: 1, default: 50 }),
  QUOTA_PREMIUM_PER_DAY: Type.Integer({ minimum: 1, default: 500 }),
};

export interface QuotaLimits {
  free: number;
  premium: number;
}

export function quotaLimits(config: {
  QUOTA_FREE_PER_DAY: number;
  QUOTA_PREMIUM_PER_DAY: number;
}): QuotaLimits {
  return { free: config.QUOTA_FREE_PER_DAY, premium: config.QUOTA_PREMIUM_PER_DAY };
}

/** The users row fields the rule depends on. */
export interface QuotaUser {
  id: string;
  plan: "free" | "premium";
  time_zone: string;
}

export interface SmsQuota {
  plan: "free" | "premium";
  limit: number;
  /** Inbound messages of the local day, up to and including the point counted to. */
  used: number;
  /** Messages still answered today: max(0, limit − used). */
  remaining: number;
  /** The local day counted, YYYY-MM-DD in the user's time zone. */
  day: string;
  timeZone: string;
  /** The next local midnight, when the count starts again. */
  resetsAt: Date;
}

/**
 * Where to count to: a moment (everything that arrived by then, e.g. now), or one inbound message
 * (the messages of its local day that arrived before it, and itself: by arrival, so the order in
 * which the agent handles them does not matter).
 */
export type QuotaPoint = { at: Date } | { messageId: string };

/**
 * The user's inbound messages of one local day. Every inbound message counts (STOP and START too,
 * though they are always answered), whatever became of it; a message is over the quota when
 * `used > limit` counting up to it.
 */
export async function smsQuota(
  tx: Tx,
  user: QuotaUser,
  limits: QuotaLimits,
  point: QuotaPoint,
): Promise<SmsQuota> {
  const messageId = "messageId" in point ? point.messageId : null;
  const at = "at" in point ? point.at : null;
  const { rows } = await tx.query<{ used: number; day: string; resets_at: Date }>(
    `WITH mark AS (
       SELECT coalesce((SELECT created_at FROM messages WHERE id = $3 AND user_id = $1), $4::timestamptz) AS at
     ), day AS (
       SELECT at, date_trunc('day', at AT TIME ZONE $2) AS local_start FROM mark
     )
     SELECT (SELECT count(*)::int FROM messages m
              WHERE m.user_id = $1 AND m.direction = 'inbound'
                AND m.created_at >= (day.local_start AT TIME ZONE $2)
                AND CASE WHEN $3::uuid IS NULL THEN m.created_at <= day.at
                         ELSE (m.created_at, m.id) <= (day.at, $3::uuid) END) AS used,
            day.local_start::date::text AS day,
            (day.local_start + interval '1 day') AT TIME ZONE $2 AS resets_at
       FROM day`,
    [user.id, user.time_zone, messageId, at],
  );
  const row = rows[0];
  if (!row?.day) throw new Error(`smsQuota: no inbound message ${messageId ?? ""} of user ${user.id}`);
  const limit = user.plan === "premium" ? limits.premium : limits.free;
  return {
    plan: user.plan,
    limit,
    used: row.used,
    remaining: Math.max(0, limit - row.used),
    day: row.day,
    timeZone: user.time_zone,
    resetsAt: row.resets_at,
  };
}
