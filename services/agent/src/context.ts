// Loads what the engine needs about one user, inside that user's transaction (row-level security
// makes another user's rows invisible even if a query here were wrong).
import type { Tx } from "@phoenix/store";
import { languageOf } from "@phoenix/assistant";
import type { EngineContext, Language, QuietHours, Recurrence, ReminderView } from "@phoenix/assistant";

export interface UserRow {
  id: string;
  plan: "free" | "premium";
  time_zone: string;
  quiet_start: string | null;
  quiet_end: string | null;
  /** null until the user chooses. */
  language: Language | null;
  phone_e164: string | null;
}

interface ReminderRow {
  id: string;
  text: string;
  due_at: Date;
  recurrence: Recurrence | null;
}

const reminderView = (row: ReminderRow): ReminderView => ({
  id: row.id,
  text: row.text,
  dueAt: row.due_at,
  recurrence: row.recurrence,
});

export async function loadUser(tx: Tx, userId: string): Promise<UserRow | null> {
  const { rows } = await tx.query<UserRow>(
    "SELECT id, plan, time_zone, quiet_start, quiet_end, language, phone_e164 FROM users WHERE id = $1",
    [userId],
  );
  return rows[0] ?? null;
}

export function quietHoursOf(user: UserRow): QuietHours | null {
  return user.quiet_start && user.quiet_end ? { start: user.quiet_start, end: user.quiet_end } : null;
}

export async function loadContext(tx: Tx, user: UserRow, now: Date): Promise<EngineContext> {
  // One client runs one query at a time, so these go in sequence.
  const tasks = await tx.query<{ id: string; title: string; created_at: Date }>(
    "SELECT id, title, created_at FROM tasks WHERE user_id = $1 AND status = 'open' ORDER BY created_at, id LIMIT 200",
    [user.id],
  );
  const reminders = await tx.query<ReminderRow>(
    "SELECT id, text, due_at, recurrence FROM reminders WHERE user_id = $1 AND status = 'pending' ORDER BY due_at, id LIMIT 200",
    [user.id],
  );
  const lastFired = await tx.query<ReminderRow>(
    `SELECT id, text, due_at, recurrence FROM reminders WHERE user_id = $1 AND last_fired_at > $2::timestamptz - interval '1 day'
       ORDER BY last_fired_at DESC LIMIT 1`,
    [user.id, now],
  );
  const focus = await tx.query<{ ends_at: Date; minutes: number }>(
    "SELECT ends_at, minutes FROM focus_sessions WHERE user_id = $1 AND status = 'running'",
    [user.id],
  );
  const energy = await tx.query<{ level: number }>(
    `SELECT level FROM energy_checkins WHERE user_id = $1
       AND created_at >= (date_trunc('day', $2::timestamptz AT TIME ZONE $3) AT TIME ZONE $3) ORDER BY created_at`,
    [user.id, now, user.time_zone],
  );
  const running = focus.rows[0];
  return {
    now,
    language: languageOf(user),
    timeZone: user.time_zone,
    quietHours: quietHoursOf(user),
    openTasks: tasks.rows.map((row) => ({ id: row.id, title: row.title, createdAt: row.created_at })),
    reminders: reminders.rows.map(reminderView),
    lastFired: lastFired.rows[0] ? reminderView(lastFired.rows[0]) : null,
    focus: running ? { endsAt: running.ends_at, minutes: running.minutes } : null,
    energyToday: energy.rows.map((row) => row.level),
  };
}
