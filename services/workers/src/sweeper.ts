// Postgres is the truth and Redis only the transport, so every periodic sweep asks Postgres what
// should be in flight and (re-)enqueues it. Adds are idempotent by job id, and every handler
// re-checks its row, so sweeping something that is in fact queued or done costs one no-op.
import { jobIds, scheduleReminder, withSystem } from "@phoenix/store";
import type { Queues } from "@phoenix/store";
import type pg from "pg";

export interface SweepDeps {
  pool: pg.Pool;
  queues: Pick<Queues, "inbound" | "outbound" | "reminders" | "focus">;
  /** An inbound message with no reply, or a pending outbound one, older than this is re-enqueued. */
  deadlineMs: number;
  /** How long a `dispatching` attempt may be in flight (the Twilio timeout plus margin). */
  leaseMs: number;
}

export interface SweepCounts {
  inbound: number;
  outbound: number;
  reminders: number;
  focus: number;
}

/** Reminders and focus sessions due within this horizon must have a job; later ones get theirs when they come close. */
const HORIZON_MS = 60_000;
const BATCH = 500;
/** Sweeps of one inbound message before it is parked as failed (see the query). */
export const MAX_SWEEPS = 10;

/** A fresh job id per deadline period, so a job that finished without effect does not block the retry. */
const attempt = (since: Date, now: Date, deadlineMs: number): number =>
  1 + Math.floor((now.getTime() - since.getTime()) / deadlineMs);

export async function sweep(deps: SweepDeps, now = new Date()): Promise<SweepCounts> {
  const { inbound, outbound, reminders, focus } = await withSystem(deps.pool, async (tx) => ({
    // Each sweep of a message counts; one that still has no reply after MAX_SWEEPS is a poison
    // message (it fails the agent every time) and is parked as `failed` instead of looping.
    inbound: (
      await tx.query<{ id: string; user_id: string; created_at: Date; status: string }>(
        `UPDATE messages SET attempts = attempts + 1,
           status = CASE WHEN attempts + 1 > ${MAX_SWEEPS} THEN 'failed' ELSE status END
         WHERE id IN (SELECT id FROM messages WHERE direction = 'inbound' AND status = 'received'
           AND created_at < $1 ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
         RETURNING id, user_id, created_at, status`,
        [new Date(now.getTime() - deps.deadlineMs)],
      )
    ).rows.filter((row) => row.status === "received"),
    outbound: (
      await tx.query<{ id: string; user_id: string; updated_at: Date }>(
        `SELECT id, user_id, updated_at FROM messages WHERE direction = 'outbound'
         AND ((status = 'pending' AND greatest(updated_at, coalesce(send_after, updated_at)) < $1)
           OR (status = 'dispatching' AND updated_at < $2))
         ORDER BY updated_at LIMIT ${BATCH}`,
        [new Date(now.getTime() - deps.deadlineMs), new Date(now.getTime() - deps.leaseMs)],
      )
    ).rows,
    reminders: (
      await tx.query<{ id: string; user_id: string; due_at: Date }>(
        `SELECT id, user_id, due_at FROM reminders WHERE status = 'pending' AND due_at < $1 ORDER BY due_at LIMIT ${BATCH}`,
        [new Date(now.getTime() + HORIZON_MS)],
      )
    ).rows,
    focus: (
      await tx.query<{ id: string; user_id: string; ends_at: Date }>(
        `SELECT id, user_id, ends_at FROM focus_sessions WHERE status = 'running' AND ends_at < $1 LIMIT ${BATCH}`,
        [new Date(now.getTime() + HORIZON_MS)],
      )
    ).rows,
  }));
  for (const row of inbound)
    await deps.queues.inbound.add(
      "inbound",
      { messageId: row.id, userId: row.user_id },
      { jobId: jobIds.inbound(row.id, attempt(row.created_at, now, deps.deadlineMs)) },
    );
  for (const row of outbound)
    await deps.queues.outbound.add(
      "outbound",
      { messageId: row.id, userId: row.user_id },
      { jobId: jobIds.outbound(row.id, attempt(row.updated_at, now, deps.deadlineMs)) },
    );
  for (const row of reminders) {
    // Same id as the agent's job: a no-op while that job exists; a due one long gone gets a fresh id.
    const overdue = now.getTime() - row.due_at.getTime() > deps.deadlineMs;
    const suffix = overdue ? `-r${attempt(row.due_at, now, deps.deadlineMs)}` : "";
    const reminder = { reminderId: row.id, userId: row.user_id, dueAt: row.due_at };
    await scheduleReminder(deps.queues.reminders, reminder, now, suffix);
  }
  for (const row of focus) {
    const delay = Math.max(0, row.ends_at.getTime() - now.getTime());
    const overdue = now.getTime() - row.ends_at.getTime() > deps.deadlineMs;
    const jobId = jobIds.focus(row.id) + (overdue ? `-r${attempt(row.ends_at, now, deps.deadlineMs)}` : "");
    await deps.queues.focus.add("focus", { sessionId: row.id, userId: row.user_id }, { jobId, delay });
  }
  return {
    inbound: inbound.length,
    outbound: outbound.length,
    reminders: reminders.length,
    focus: focus.length,
  };
}
