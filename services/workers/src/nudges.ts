// The event processor: reads unprocessed events in batches (SKIP LOCKED, so replicas share the
// work), marks them processed in the same transaction, and turns what they say into nudges:
//   - missed:  3+ reminders fired today that the user never answered (nothing inbound after them);
//   - streak:  tasks completed on each of the last 3 local days;
//   - silence: no message from the user for 3 days (checked every run, not event-driven).
// At most one nudge of a kind per user per local day (a unique key), at most `perDay` in all, never
// to an opted-out user, and held until quiet hours end.
import { endOfQuiet, isQuiet, languageOf, notices } from "@phoenix/assistant";
import type { Language } from "@phoenix/assistant";
import { draftOutbound, recordEvent, routeFor, withSystem, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

export type NudgeKind = "missed" | "streak" | "silence";

export interface NudgeDeps {
  pool: pg.Pool;
  perDay: number;
}

export interface Nudged {
  userId: string;
  outboundId: string;
  sendAfter: Date | null;
}

const BATCH = 1000;
const SILENCE_DAYS = 3;

interface UserInfo {
  time_zone: string;
  quiet_start: string | null;
  quiet_end: string | null;
  local_day: string;
  opted_out: boolean;
  language: Language | null;
  phone_e164: string | null;
}

async function userInfo(tx: Tx, userId: string, now: Date): Promise<UserInfo | null> {
  const { rows } = await tx.query<UserInfo>(
    `SELECT time_zone, quiet_start, quiet_end, ($2::timestamptz AT TIME ZONE time_zone)::date::text AS local_day,
       EXISTS (SELECT 1 FROM opt_outs WHERE user_id = $1) AS opted_out, language, phone_e164
     FROM users WHERE id = $1`,
    [userId, now],
  );
  return rows[0] ?? null;
}

async function missedToday(tx: Tx, userId: string, info: UserInfo, now: Date): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM events e WHERE e.user_id = $1 AND e.type = 'reminder.fired'
       AND (e.occurred_at AT TIME ZONE $2)::date = $3::date AND e.occurred_at < $4::timestamptz - interval '30 minutes'
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.user_id = $1 AND m.direction = 'inbound' AND m.created_at > e.occurred_at)`,
    [userId, info.time_zone, info.local_day, now],
  );
  return rows[0]?.n ?? 0;
}

async function streakDays(tx: Tx, userId: string, info: UserInfo): Promise<number> {
  const { rows } = await tx.query<{ n: number }>(
    `SELECT count(DISTINCT (completed_at AT TIME ZONE $2)::date)::int AS n FROM tasks
     WHERE user_id = $1 AND status = 'done' AND (completed_at AT TIME ZONE $2)::date > $3::date - 3`,
    [userId, info.time_zone, info.local_day],
  );
  return rows[0]?.n ?? 0;
}

/** The instant a message drafted now may go out: now, or when the user's quiet hours end. */
function holdUntil(info: UserInfo, now: Date): Date | null {
  if (!info.quiet_start || !info.quiet_end) return null;
  const quiet = { start: info.quiet_start, end: info.quiet_end };
  return isQuiet(now, quiet, info.time_zone) ? endOfQuiet(now, quiet, info.time_zone) : null;
}

async function underDailyLimit(tx: Tx, userId: string, info: UserInfo, perDay: number): Promise<boolean> {
  const { rows } = await tx.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM nudges WHERE user_id = $1 AND local_day = $2",
    [userId, info.local_day],
  );
  return (rows[0]?.n ?? 0) < perDay;
}

interface NudgeRequest {
  userId: string;
  kind: NudgeKind;
  count: number;
}

async function nudge(tx: Tx, request: NudgeRequest, deps: NudgeDeps, now: Date): Promise<Nudged | null> {
  const { userId, kind, count } = request;
  const info = await userInfo(tx, userId, now);
  if (!info || info.opted_out || !(await underDailyLimit(tx, userId, info, deps.perDay))) return null;
  const inserted = await tx.query<{ id: string }>(
    "INSERT INTO nudges (user_id, kind, local_day) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id",
    [userId, kind, info.local_day],
  );
  const nudgeId = inserted.rows[0]?.id;
  const route = nudgeId ? await routeFor(tx, userId) : null;
  if (!nudgeId || !route) return null;
  const sendAfter = holdUntil(info, now);
  const body = notices(languageOf(info)).nudge[kind](count);
  const idempotencyKey = `nudge-${nudgeId}`;
  const draft = await draftOutbound(
    tx,
    { userId, body, kind: "nudge", idempotencyKey, ...(sendAfter && { sendAfter }) },
    route,
  );
  await tx.query("UPDATE nudges SET message_id = $2 WHERE id = $1", [nudgeId, draft.id]);
  await recordEvent(tx, { userId, type: "nudge.sent", payload: { nudgeId, kind }, occurredAt: now });
  return { userId, outboundId: draft.id, sendAfter };
}

async function evaluate(
  tx: Tx,
  deps: NudgeDeps,
  { userId, types }: { userId: string; types: ReadonlySet<string> },
  now: Date,
): Promise<Nudged[]> {
  {
    const info = await userInfo(tx, userId, now);
    if (!info) return [];
    const found: Nudged[] = [];
    if (types.has("reminder.fired") || types.has("sms.sent")) {
      const missed = await missedToday(tx, userId, info, now);
      const made = missed >= 3 ? await nudge(tx, { userId, kind: "missed", count: missed }, deps, now) : null;
      if (made) found.push(made);
    }
    if (types.has("task.complete")) {
      const days = await streakDays(tx, userId, info);
      const made = days >= 3 ? await nudge(tx, { userId, kind: "streak", count: days }, deps, now) : null;
      if (made) found.push(made);
    }
    return found;
  }
}

async function silentUsers(pool: pg.Pool, now: Date): Promise<string[]> {
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM phone_numbers p WHERE p.user_id = u.id AND p.active)
         AND (SELECT max(created_at) FROM messages m WHERE m.user_id = u.id AND m.direction = 'inbound') < $1
         AND NOT EXISTS (SELECT 1 FROM nudges n WHERE n.user_id = u.id AND n.kind = 'silence' AND n.created_at > $1)
       LIMIT 200`,
      [new Date(now.getTime() - SILENCE_DAYS * 86_400_000)],
    );
    return rows.map((row) => row.id);
  });
}

/**
 * One run of the processor; returns the events consumed and the nudges drafted (to enqueue).
 * Consuming a batch and drafting its nudges commit together: a crash in between redoes both.
 */
export async function processEvents(
  deps: NudgeDeps,
  now = new Date(),
): Promise<{ events: number; nudges: Nudged[] }> {
  const consumed = await withSystem(deps.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string; user_id: string; type: string }>(
      `UPDATE events SET processed_at = $1 WHERE id IN (
         SELECT id FROM events WHERE processed_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id, user_id, type`,
      [now],
    );
    const byUser = new Map<string, Set<string>>();
    for (const event of rows)
      byUser.set(event.user_id, (byUser.get(event.user_id) ?? new Set()).add(event.type));
    const drafted: Nudged[] = [];
    for (const [userId, types] of byUser) drafted.push(...(await evaluate(tx, deps, { userId, types }, now)));
    return { events: rows.length, nudges: drafted };
  });
  const nudges = [...consumed.nudges];
  for (const userId of await silentUsers(deps.pool, now)) {
    const made = await withUser(deps.pool, userId, (tx) =>
      nudge(tx, { userId, kind: "silence", count: SILENCE_DAYS }, deps, now),
    );
    if (made) nudges.push(made);
  }
  return { events: consumed.events, nudges };
}
