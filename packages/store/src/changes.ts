// Changes to a user's day — tasks, reminders, focus, energy, preferences — applied inside the user's
// transaction, by every channel that makes them: the SMS agent (the engine's actions) and the API's
// Today routes (the same actions, plus the edits only a page offers). Each change writes one event
// whose payload names its origin (the inbound message, the API request) and its position, so a
// re-run of the same origin writes no second event. The jobs to enqueue are returned and added
// after commit (enqueueAfterCommit): a crash in between leaves a row whose job the sweeper restores.
import type { Action, Recurrence } from "@phoenix/assistant";
import { recordEvent } from "./events.ts";
import { jobIds, scheduleReminder } from "./queues.ts";
import type { Queues } from "./queues.ts";
import type { Tx } from "./scope.ts";

/** The engine's actions, and the edits a page makes that no text command does. */
export type Change =
  | Action
  | { type: "task.rename"; taskId: string; title: string }
  | { type: "task.reopen"; taskId: string }
  | { type: "reminder.update"; reminderId: string; text: string; dueAt: Date; recurrence: Recurrence | null };

export type AfterCommit =
  | { queue: "reminders"; reminderId: string; dueAt: Date }
  | { queue: "reminders-cancel"; reminderId: string; dueAt: Date }
  | { queue: "focus"; sessionId: string; endsAt: Date };

export interface ApplyScope {
  tx: Tx;
  userId: string;
  /** Names what caused the changes, in every event's payload: { messageId } for SMS, { requestId } for the API. */
  origin: Record<string, string>;
  now: Date;
  /** The event's source_app; default "sms". */
  sourceApp?: string;
}

export interface Applied {
  /** Per change, the row it touched; null when it matched nothing (e.g. a task already done). */
  subjects: (string | null)[];
  /** Jobs to enqueue once the transaction committed. */
  after: AfterCommit[];
}

interface One {
  subject: string | null;
  after?: AfterCommit[];
}

type Handler<T extends Change["type"]> = (
  scope: ApplyScope,
  change: Extract<Change, { type: T }>,
) => Promise<One>;

const one = async (scope: ApplyScope, sql: string, params: unknown[]): Promise<string | null> => {
  const { rows } = await scope.tx.query<{ id: string }>(sql, params);
  return rows[0]?.id ?? null;
};

const scheduled = (id: string | null, dueAt: Date): One => ({
  subject: id,
  after: id ? [{ queue: "reminders", reminderId: id, dueAt }] : [],
});

const handlers: { [T in Change["type"]]: Handler<T> } = {
  "task.add": async (s, a) => ({
    subject: await one(s, "INSERT INTO tasks (user_id, title) VALUES ($1, $2) RETURNING id", [
      s.userId,
      a.title,
    ]),
  }),
  "task.complete": async (s, a) => ({
    subject: await one(
      s,
      "UPDATE tasks SET status = 'done', completed_at = $3 WHERE id = $1 AND user_id = $2 AND status = 'open' RETURNING id",
      [a.taskId, s.userId, s.now],
    ),
  }),
  "task.reopen": async (s, a) => ({
    subject: await one(
      s,
      "UPDATE tasks SET status = 'open', completed_at = NULL WHERE id = $1 AND user_id = $2 AND status = 'done' RETURNING id",
      [a.taskId, s.userId],
    ),
  }),
  "task.rename": async (s, a) => ({
    subject: await one(
      s,
      "UPDATE tasks SET title = $3 WHERE id = $1 AND user_id = $2 AND status <> 'deleted' RETURNING id",
      [a.taskId, s.userId, a.title],
    ),
  }),
  "task.delete": async (s, a) => ({
    subject: await one(
      s,
      "UPDATE tasks SET status = 'deleted' WHERE id = $1 AND user_id = $2 AND status = 'open' RETURNING id",
      [a.taskId, s.userId],
    ),
  }),
  "reminder.create": async (s, a) =>
    scheduled(
      await one(
        s,
        "INSERT INTO reminders (user_id, text, due_at, recurrence) VALUES ($1, $2, $3, $4) RETURNING id",
        [s.userId, a.text, a.dueAt, a.recurrence ? JSON.stringify(a.recurrence) : null],
      ),
      a.dueAt,
    ),
  "reminder.update": async (s, a) => {
    // A fired one-off given a new time is pending again; the old time's job, if any, is stale.
    const { rows } = await s.tx.query<{ id: string; old_due_at: Date }>(
      `UPDATE reminders r SET text = $3, due_at = $4, recurrence = $5, status = 'pending', updated_at = now()
         FROM (SELECT id, due_at FROM reminders WHERE id = $1 AND user_id = $2 AND status <> 'cancelled' FOR UPDATE) old
        WHERE r.id = old.id RETURNING r.id, old.due_at AS old_due_at`,
      [a.reminderId, s.userId, a.text, a.dueAt, a.recurrence ? JSON.stringify(a.recurrence) : null],
    );
    const row = rows[0];
    if (!row) return { subject: null };
    const moved = row.old_due_at.getTime() !== a.dueAt.getTime();
    const cancel: AfterCommit[] = moved
      ? [{ queue: "reminders-cancel", reminderId: row.id, dueAt: row.old_due_at }]
      : [];
    return {
      subject: row.id,
      after: [...cancel, { queue: "reminders", reminderId: row.id, dueAt: a.dueAt }],
    };
  },
  "reminder.cancel": async (s, a) => {
    const { rows } = await s.tx.query<{ id: string; due_at: Date }>(
      `UPDATE reminders SET status = 'cancelled', updated_at = now() WHERE id = $1 AND user_id = $2 AND status = 'pending'
       RETURNING id, due_at`,
      [a.reminderId, s.userId],
    );
    const row = rows[0];
    return {
      subject: row?.id ?? null,
      after: row ? [{ queue: "reminders-cancel", reminderId: row.id, dueAt: row.due_at }] : [],
    };
  },
  "reminder.snooze": async (s, a) =>
    scheduled(
      await one(
        s,
        "UPDATE reminders SET status = 'pending', due_at = $3, updated_at = now() WHERE id = $1 AND user_id = $2 AND status <> 'cancelled' RETURNING id",
        [a.reminderId, s.userId, a.dueAt],
      ),
      a.dueAt,
    ),
  "focus.start": async (s, a) => {
    await s.tx.query(
      "UPDATE focus_sessions SET status = 'stopped' WHERE user_id = $1 AND status = 'running'",
      [s.userId],
    );
    const id = await one(
      s,
      "INSERT INTO focus_sessions (user_id, minutes, started_at, ends_at) VALUES ($1, $2, $3, $4) RETURNING id",
      [s.userId, a.minutes, s.now, a.endsAt],
    );
    return { subject: id, after: id ? [{ queue: "focus", sessionId: id, endsAt: a.endsAt }] : [] };
  },
  "focus.stop": async (s) => ({
    subject: await one(
      s,
      "UPDATE focus_sessions SET status = 'stopped' WHERE user_id = $1 AND status = 'running' RETURNING id",
      [s.userId],
    ),
  }),
  "energy.record": async (s, a) => ({
    subject: await one(
      s,
      "INSERT INTO energy_checkins (user_id, level, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
      [s.userId, a.level, a.note, s.now],
    ),
  }),
  "preferences.set": async (s, a) => {
    const quiet = a.quietHours === undefined ? undefined : a.quietHours;
    await s.tx.query(
      `UPDATE users SET time_zone = coalesce($2, time_zone),
         quiet_start = CASE WHEN $3::boolean THEN $4 ELSE quiet_start END,
         quiet_end = CASE WHEN $3::boolean THEN $5 ELSE quiet_end END,
         language = coalesce($6, language), updated_at = now()
       WHERE id = $1`,
      [
        s.userId,
        a.timeZone ?? null,
        quiet !== undefined,
        quiet?.start ?? null,
        quiet?.end ?? null,
        a.language ?? null,
      ],
    );
    return { subject: s.userId };
  },
};

/** Applies `changes` in order, each with its event; returns what each touched and the jobs to enqueue after commit. */
export async function applyChanges(scope: ApplyScope, changes: readonly Change[]): Promise<Applied> {
  const applied: Applied = { subjects: [], after: [] };
  for (const [index, change] of changes.entries()) {
    // Each handler takes its own change type; the table guarantees the pairing.
    const handler = handlers[change.type] as (scope: ApplyScope, change: Change) => Promise<One>;
    const result = await handler(scope, change);
    applied.subjects.push(result.subject);
    applied.after.push(...(result.after ?? []));
    await recordEvent(scope.tx, {
      userId: scope.userId,
      type: change.type,
      payload: { ...scope.origin, index, subject: result.subject },
      occurredAt: scope.now,
      ...(scope.sourceApp !== undefined && { sourceApp: scope.sourceApp }),
    });
  }
  return applied;
}

/** Enqueues what the committed transaction promised; every add is idempotent by job id. */
export async function enqueueAfterCommit(
  queues: Pick<Queues, "reminders" | "focus">,
  userId: string,
  after: readonly AfterCommit[],
  now: Date,
): Promise<void> {
  for (const item of after) {
    if (item.queue === "reminders") {
      await scheduleReminder(
        queues.reminders,
        { reminderId: item.reminderId, userId, dueAt: item.dueAt },
        now,
      );
    } else if (item.queue === "reminders-cancel") {
      // Best effort: the reminder worker re-checks the row, so a job left behind fires nothing.
      await queues.reminders.remove(jobIds.reminder(item.reminderId, item.dueAt)).catch(() => 0);
    } else {
      await queues.focus.add(
        "focus",
        { sessionId: item.sessionId, userId },
        { jobId: jobIds.focus(item.sessionId), delay: Math.max(0, item.endsAt.getTime() - now.getTime()) },
      );
    }
  }
}
