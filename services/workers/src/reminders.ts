// Firing a reminder (or a focus session's end): one transaction marks it done — or moves a
// recurring reminder to its next occurrence — and drafts the SMS with an idempotency key naming
// the occurrence, so a duplicated or stale job sends nothing twice. Jobs are enqueued after commit.
import { languageOf, nextOccurrence, notices } from "@phoenix/assistant";
import type { Language, Recurrence } from "@phoenix/assistant";
import { draftOutbound, recordEvent, routeFor, withUser } from "@phoenix/store";
import type { FocusJob, ReminderJob, Tx } from "@phoenix/store";
import type pg from "pg";

export interface Fired {
  outcome: "fired" | "stale" | "no_route";
  outboundId?: string;
  /** The next occurrence of a recurring reminder, to schedule. */
  next?: Date;
}

interface ReminderRow {
  text: string;
  due_at: Date;
  status: string;
  recurrence: Recurrence | null;
  time_zone: string;
  language: Language | null;
  phone_e164: string | null;
}

async function advance(tx: Tx, id: string, row: ReminderRow, now: Date): Promise<Date | undefined> {
  // From now when late (a worker was down): one catch-up SMS, not one per missed occurrence.
  const from = row.due_at > now ? row.due_at : now;
  const next = row.recurrence ? nextOccurrence(row.recurrence, from, row.time_zone) : undefined;
  await tx.query(
    `UPDATE reminders SET status = $2, due_at = coalesce($3, due_at), fired_count = fired_count + 1,
       last_fired_at = $4, updated_at = now() WHERE id = $1`,
    [id, next ? "pending" : "fired", next ?? null, now],
  );
  return next;
}

export function fireReminder(pool: pg.Pool, job: ReminderJob, now = new Date()): Promise<Fired> {
  return withUser(pool, job.userId, async (tx) => {
    const { rows } = await tx.query<ReminderRow>(
      `SELECT r.text, r.due_at, r.status, r.recurrence, u.time_zone, u.language, u.phone_e164
       FROM reminders r JOIN users u ON u.id = r.user_id WHERE r.id = $1 FOR UPDATE OF r`,
      [job.reminderId],
    );
    const row = rows[0];
    // Cancelled, already fired, or snoozed/rescheduled since this job was queued.
    if (!row || row.status !== "pending" || row.due_at.getTime() !== Date.parse(job.dueAt))
      return { outcome: "stale" };
    const next = await advance(tx, job.reminderId, row, now);
    await recordEvent(tx, {
      userId: job.userId,
      type: "reminder.fired",
      payload: { reminderId: job.reminderId, dueAt: job.dueAt },
      occurredAt: now,
    });
    const route = await routeFor(tx, job.userId);
    if (!route) return { outcome: "no_route", ...(next && { next }) };
    const draft = await draftOutbound(
      tx,
      {
        userId: job.userId,
        body: notices(languageOf(row)).reminder(row.text),
        kind: "reminder",
        idempotencyKey: `reminder-${job.reminderId}-${row.due_at.getTime()}`,
      },
      route,
    );
    return { outcome: "fired", outboundId: draft.id, ...(next && { next }) };
  });
}

export function endFocus(pool: pg.Pool, job: FocusJob, now = new Date()): Promise<Fired> {
  return withUser(pool, job.userId, async (tx) => {
    const { rows } = await tx.query<{
      minutes: number;
      language: Language | null;
      phone_e164: string | null;
    }>(
      `UPDATE focus_sessions f SET status = 'completed' FROM users u
       WHERE f.id = $1 AND f.status = 'running' AND f.ends_at <= $2::timestamptz + interval '1 second' AND u.id = f.user_id
       RETURNING f.minutes, u.language, u.phone_e164`,
      [job.sessionId, now],
    );
    const session = rows[0];
    if (!session) return { outcome: "stale" };
    await recordEvent(tx, {
      userId: job.userId,
      type: "focus.completed",
      payload: { sessionId: job.sessionId },
      occurredAt: now,
    });
    const route = await routeFor(tx, job.userId);
    if (!route) return { outcome: "no_route" };
    const body = notices(languageOf(session)).focusEnded(session.minutes);
    const draft = await draftOutbound(
      tx,
      { userId: job.userId, body, kind: "focus", idempotencyKey: `focus-${job.sessionId}` },
      route,
    );
    return { outcome: "fired", outboundId: draft.id };
  });
}
