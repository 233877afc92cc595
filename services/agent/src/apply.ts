// Applies the engine's actions inside the user's transaction and says which jobs to enqueue once
// it commits. Each action also writes an event; its payload names the inbound message and the
// action's position, so a re-run of the same message writes no second event.
import { recordEvent } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type { Action } from "@phoenix/assistant";

export type AfterCommit =
  | { queue: "reminders"; reminderId: string; dueAt: Date }
  | { queue: "reminders-cancel"; reminderId: string; dueAt: Date }
  | { queue: "focus"; sessionId: string; endsAt: Date };

export interface ApplyScope {
  tx: Tx;
  userId: string;
  messageId: string;
  now: Date;
}

interface Applied {
  /** The row the action touched, named in its event; null when it matched nothing. */
  subject: string | null;
  after?: AfterCommit[];
}

type Handler<T extends Action["type"]> = (
  scope: ApplyScope,
  action: Extract<Action, { type: T }>,
) => Promise<Applied>;

const one = async (scope: ApplyScope, sql: string, params: unknown[]): Promise<string | null> => {
  const { rows } = await scope.tx.query<{ id: string }>(sql, params);
  return rows[0]?.id ?? null;
};

const handlers: { [T in Action["type"]]: Handler<T> } = {
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
  "task.delete": async (s, a) => ({
    subject: await one(
      s,
      "UPDATE tasks SET status = 'deleted' WHERE id = $1 AND user_id = $2 AND status = 'open' RETURNING id",
      [a.taskId, s.userId],
    ),
  }),
  "reminder.create": async (s, a) => {
    const id = await one(
      s,
      "INSERT INTO reminders (user_id, text, due_at, recurrence) VALUES ($1, $2, $3, $4) RETURNING id",
      [s.userId, a.text, a.dueAt, a.recurrence ? JSON.stringify(a.recurrence) : null],
    );
    return { subject: id, after: id ? [{ queue: "reminders", reminderId: id, dueAt: a.dueAt }] : [] };
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
  "reminder.snooze": async (s, a) => {
    const id = await one(
      s,
      "UPDATE reminders SET status = 'pending', due_at = $3, updated_at = now() WHERE id = $1 AND user_id = $2 AND status <> 'cancelled' RETURNING id",
      [a.reminderId, s.userId, a.dueAt],
    );
    return { subject: id, after: id ? [{ queue: "reminders", reminderId: id, dueAt: a.dueAt }] : [] };
  },
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

/** Applies `actions` in order; returns the jobs to enqueue after commit. */
export async function applyActions(scope: ApplyScope, actions: readonly Action[]): Promise<AfterCommit[]> {
  const after: AfterCommit[] = [];
  for (const [index, action] of actions.entries()) {
    // Each handler takes its own action type; the table guarantees the pairing.
    const handler = handlers[action.type] as (scope: ApplyScope, action: Action) => Promise<Applied>;
    const result = await handler(scope, action);
    after.push(...(result.after ?? []));
    await recordEvent(scope.tx, {
      userId: scope.userId,
      type: action.type,
      payload: { messageId: scope.messageId, index, subject: result.subject },
      occurredAt: scope.now,
    });
  }
  return after;
}
