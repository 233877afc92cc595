// What the Today page shows, read in the user's own transaction: the same rows the SMS assistant
// reads and writes. The version (today_versions, bumped by triggers on every write whoever makes
// it, migration 0004) is the page's ETag, read first so the data is never older than its label.
import type { Tx } from "@phoenix/store";
import Type from "typebox";
import type { Static } from "typebox";
import { NullableTimestamp, Timestamp, Uuid } from "../schemas.ts";

export const Repeat = Type.Object(
  {
    freq: Type.Union([Type.Literal("daily"), Type.Literal("weekdays"), Type.Literal("weekly")], {
      description: "daily: every day; weekdays: Monday to Friday; weekly: on `weekdays`.",
    }),
    weekdays: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1, maximum: 7 }), {
        minItems: 1,
        maxItems: 7,
        uniqueItems: true,
        description: "ISO weekdays, 1 = Monday … 7 = Sunday; required for weekly, else ignored.",
      }),
    ),
    time: Type.String({
      pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$",
      description: "Local wall-clock time HH:mm in the user's time zone.",
    }),
  },
  {
    $id: "Repeat",
    additionalProperties: false,
    description: "A repeating reminder's rule: the assistant's own (every day, weekdays, given days).",
  },
);
export type RepeatRule = Static<typeof Repeat>;

export const Task = Type.Object(
  {
    id: Uuid,
    title: Type.String(),
    status: Type.Union([Type.Literal("open"), Type.Literal("done")]),
    createdAt: Timestamp,
    completedAt: NullableTimestamp,
  },
  { $id: "Task" },
);
export const Reminder = Type.Object(
  {
    id: Uuid,
    text: Type.String(),
    dueAt: { ...Timestamp, description: "The next (or, once fired, the last) time it fires." },
    repeat: Type.Union([Type.Ref("Repeat"), Type.Null()]),
    status: Type.Union([Type.Literal("pending"), Type.Literal("fired"), Type.Literal("cancelled")]),
    firedCount: Type.Integer(),
    lastFiredAt: NullableTimestamp,
  },
  { $id: "Reminder" },
);
export const FocusSession = Type.Object(
  { id: Uuid, minutes: Type.Integer(), startedAt: Timestamp, endsAt: Timestamp },
  { $id: "FocusSession", description: "The running focus session; the SMS at its end is the workers'." },
);
export const EnergyCheckin = Type.Object(
  {
    id: Uuid,
    level: Type.Integer({ minimum: 1, maximum: 5 }),
    note: Type.Union([Type.String(), Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: "EnergyCheckin" },
);
export const Today = Type.Object(
  {
    version: Type.Integer({ description: "Changes with every write to these rows; also the ETag." }),
    tasks: Type.Array(Type.Ref("Task"), {
      description: "Open tasks oldest first (the numbers the SMS assistant uses), then the last 50 done.",
    }),
    reminders: Type.Array(Type.Ref("Reminder"), {
      description: "Pending reminders by due time, then the last 20 fired one-offs.",
    }),
    focus: Type.Union([Type.Ref("FocusSession"), Type.Null()]),
    energy: Type.Array(Type.Ref("EnergyCheckin"), { description: "The last 20 check-ins, newest first." }),
  },
  { $id: "Today" },
);

/** The schemas Today's routes name by $id, registered once on the app (OpenAPI components). */
export const todaySchemas = [Repeat, Task, Reminder, FocusSession, EnergyCheckin, Today];

interface TaskRow {
  id: string;
  title: string;
  status: "open" | "done";
  created_at: Date;
  completed_at: Date | null;
}
interface ReminderRow {
  id: string;
  text: string;
  due_at: Date;
  recurrence: RepeatRule | null;
  status: "pending" | "fired" | "cancelled";
  fired_count: number;
  last_fired_at: Date | null;
}
interface FocusRow {
  id: string;
  minutes: number;
  started_at: Date;
  ends_at: Date;
}
interface EnergyRow {
  id: string;
  level: number;
  note: string | null;
  created_at: Date;
}

const taskColumns = "id, title, status, created_at, completed_at";
const reminderColumns = "id, text, due_at, recurrence, status, fired_count, last_fired_at";
const focusColumns = "id, minutes, started_at, ends_at";
const energyColumns = "id, level, note, created_at";

const taskOf = (row: TaskRow) => ({
  id: row.id,
  title: row.title,
  status: row.status,
  createdAt: row.created_at.toISOString(),
  completedAt: row.completed_at?.toISOString() ?? null,
});
const reminderOf = (row: ReminderRow) => ({
  id: row.id,
  text: row.text,
  dueAt: row.due_at.toISOString(),
  repeat: row.recurrence,
  status: row.status,
  firedCount: row.fired_count,
  lastFiredAt: row.last_fired_at?.toISOString() ?? null,
});
const focusOf = (row: FocusRow) => ({
  id: row.id,
  minutes: row.minutes,
  startedAt: row.started_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
});
const energyOf = (row: EnergyRow) => ({
  id: row.id,
  level: row.level,
  note: row.note,
  createdAt: row.created_at.toISOString(),
});

/** A reader of one row by id, mapped; undefined when it is not the user's (RLS) or does not exist. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- R types the query's rows for `map`
function reader<R extends object, T>(table: string, columns: string, map: (row: R) => T, lock = "") {
  return async (tx: Tx, id: string): Promise<T | undefined> => {
    const { rows } = await tx.query<R>(`SELECT ${columns} FROM ${table} WHERE id = $1 ${lock}`, [id]);
    return rows[0] && map(rows[0]);
  };
}
export const readTask = reader("tasks", taskColumns, taskOf);
export const readReminder = reader("reminders", reminderColumns, reminderOf);
/** Read to be edited: locked, so the worker firing it waits for the edit (or the edit for the firing). */
export const lockReminder = reader("reminders", reminderColumns, reminderOf, "FOR UPDATE");
export const readFocus = reader("focus_sessions", focusColumns, focusOf);
export const readEnergy = reader("energy_checkins", energyColumns, energyOf);

export async function todayVersion(tx: Tx, userId: string): Promise<number> {
  const { rows } = await tx.query<{ version: string }>(
    "SELECT version FROM today_versions WHERE user_id = $1",
    [userId],
  );
  return Number(rows[0]?.version ?? 0);
}

/** The page's validator: the user is in it, so a browser cache shared by two accounts never mixes them. */
export const etagOf = (userId: string, version: number): string => `"${userId}.${version}"`;

export async function recentEnergy(tx: Tx, userId: string, limit: number) {
  const { rows } = await tx.query<EnergyRow>(
    `SELECT ${energyColumns} FROM energy_checkins WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
    [userId, limit],
  );
  return rows.map(energyOf);
}

export async function loadToday(tx: Tx, userId: string): Promise<Static<typeof Today>> {
  // The version first: a write committed while the rest is read makes the next poll fetch again.
  const version = await todayVersion(tx, userId);
  const tasks = await tx.query<TaskRow>(
    `(SELECT ${taskColumns} FROM tasks WHERE user_id = $1 AND status = 'open' ORDER BY created_at, id LIMIT 200)
     UNION ALL
     (SELECT ${taskColumns} FROM tasks WHERE user_id = $1 AND status = 'done' ORDER BY completed_at DESC, id LIMIT 50)`,
    [userId],
  );
  const reminders = await tx.query<ReminderRow>(
    `(SELECT ${reminderColumns} FROM reminders WHERE user_id = $1 AND status = 'pending' ORDER BY due_at, id LIMIT 200)
     UNION ALL
     (SELECT ${reminderColumns} FROM reminders WHERE user_id = $1 AND status = 'fired' ORDER BY last_fired_at DESC, id LIMIT 20)`,
    [userId],
  );
  const focus = await tx.query<FocusRow>(
    `SELECT ${focusColumns} FROM focus_sessions WHERE user_id = $1 AND status = 'running'`,
    [userId],
  );
  return {
    version,
    tasks: tasks.rows.map(taskOf),
    reminders: reminders.rows.map(reminderOf),
    focus: focus.rows[0] ? focusOf(focus.rows[0]) : null,
    energy: await recentEnergy(tx, userId, 20),
  };
}
