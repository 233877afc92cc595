// The event processor: reads unprocessed events in batches (SKIP LOCKED, so replicas share the
// work), marks them processed in the same transaction, and turns what they say into nudges:
//   - missed:  3+ reminders fired today that the user never answered (nothing inbound after them);
//   - streak:  tasks completed on each of the last 3 local days;
//   - silence: no message from the user for 3 days (checked every run, not event-driven);
//   - cv:      a cover letter generated (services/career) for an offer whose Mirror Match score is
//              under CV_NUDGE_BELOW, with required skills missing from the CV: improve the CV.
// At most one nudge of a kind per user per local day (a unique key), at most `perDay` in all, never
// to an opted-out user, and held until quiet hours end.
import { endOfQuiet, isQuiet, languageOf, notices } from "@phoenix/assistant";
import type { Language } from "@phoenix/assistant";
import { draftOutbound, recordEvent, routeFor, withSystem, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

export type NudgeKind = "missed" | "streak" | "silence" | "cv";

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
/** A letter for an offer the CV matches below this score (0–100) nudges toward the CV. */
export const CV_NUDGE_BELOW = 60;

// The career nudge's words (GSM-7: é and à are in the alphabet; plain spaces before ":"). At most
// three missing skills are named, so the SMS stays short.
const cvNudge: Record<Language, (score: number, missing: string[]) => string> = {
  fr: (score, missing) =>
    `Ton CV couvre ${score} % de l'offre de ta lettre. Il manque : ${missing.slice(0, 3).join(", ")}. Si tu les as, ajoute-les à ton CV sur Phoenix.`,
  en: (score, missing) =>
    `Your CV matches ${score}% of the offer you wrote a letter for. Missing: ${missing.slice(0, 3).join(", ")}. If you have them, add them to your CV on Phoenix.`,
};

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
  /** The career nudge's Mirror Match score and missing skills. */
  match?: { score: number; missing: string[] };
}

function bodyOf(request: NudgeRequest, language: Language): string {
  const { kind, count, match } = request;
  if (kind === "cv") return cvNudge[language](match?.score ?? 0, match?.missing ?? []);
  return notices(language).nudge[kind](count);
}

async function nudge(tx: Tx, request: NudgeRequest, deps: NudgeDeps, now: Date): Promise<Nudged | null> {
  const { userId, kind } = request;
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
  const body = bodyOf(request, languageOf(info));
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

/** The lowest-scoring letter.generated of this run (processed at `now`) with skills missing, if under the bar. */
async function lowMatchLetter(tx: Tx, userId: string, now: Date): Promise<NudgeRequest["match"]> {
  const { rows } = await tx.query<{ score: number; missing: string[] }>(
    `SELECT (payload->>'score')::int AS score, ARRAY(SELECT jsonb_array_elements_text(payload->'missing')) AS missing
       FROM events WHERE user_id = $1 AND type = 'letter.generated' AND processed_at = $2
        AND jsonb_typeof(payload->'score') = 'number' AND (payload->>'score')::int < $3
        AND jsonb_array_length(payload->'missing') > 0
      ORDER BY (payload->>'score')::int LIMIT 1`,
    [userId, now, CV_NUDGE_BELOW],
  );
  return rows[0];
}

async function careerNudge(tx: Tx, deps: NudgeDeps, userId: string, now: Date): Promise<Nudged | null> {
  const match = await lowMatchLetter(tx, userId, now);
  return match ? nudge(tx, { userId, kind: "cv", count: match.missing.length, match }, deps, now) : null;
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
    const career = types.has("letter.generated") ? await careerNudge(tx, deps, userId, now) : null;
    if (career) found.push(career);
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
