// GDPR erasure (Art. 17): the TwilioNumber CR first (the operator releases the number at Twilio
// through its finalizer; if the API server refuses, nothing else is deleted and the user can retry),
// then the user's Stripe subscriptions (cancelled), then every row (users ON DELETE CASCADE reaches every user table) together with one anonymised
// audit entry, then every queued job of the user. Jobs are removed after the rows: a job enqueued
// in between finds no row and does nothing, as every handler re-checks its row.
import type { Logger } from "@phoenix/kernel/log";
import type { Queues } from "@phoenix/store";
import { withSystem } from "@phoenix/store";
import type { Job, JobType } from "bullmq";
import type pg from "pg";
import type { NumberClient } from "../numbers/twilio-numbers.ts";
import { rowCounts } from "./export.ts";

// BullMQ 6 keeps a paused queue's jobs in its wait list, so "waiting" covers them.
export const queuedStates: JobType[] = ["waiting", "delayed", "prioritized", "waiting-children"];
const PAGE = 500;

export interface DeletionDeps {
  pool: pg.Pool;
  queues: Queues;
  numbers: NumberClient;
  logger: Logger;
  /** Cancels the user's subscriptions at Stripe; a failure stops the deletion (no charging a deleted account). */
  closeBilling?: (userId: string) => Promise<unknown>;
}

export interface DeletionReport {
  deleted: boolean;
  rows: Record<string, number>;
  jobsRemoved: number;
  numberReleased: boolean;
}

/** Removes the user's jobs that are not running yet from every queue; returns how many. */
export async function removeQueuedJobs(queues: Queues, userId: string, logger: Logger): Promise<number> {
  let removed = 0;
  for (const queue of Object.values(queues)) {
    const mine = [];
    // One state at a time: getJobs applies start/end to each state's list separately.
    for (const state of queuedStates) {
      for (let start = 0; ; start += PAGE) {
        // A job removed between BullMQ listing and reading it leaves a hole in the page.
        const page: (Job | undefined)[] = await queue.getJobs(state, start, start + PAGE - 1, true);
        mine.push(
          ...page.filter(
            (job): job is Job => (job?.data as { userId?: string } | undefined)?.userId === userId,
          ),
        );
        if (page.length < PAGE) break;
      }
    }
    for (const job of mine) {
      try {
        await job.remove();
        removed += 1;
      } catch (err) {
        // Locked: it started meanwhile and will find no rows.
        logger.warn({ err, queue: queue.name, jobId: job.id }, "could not remove a job of a deleted user");
      }
    }
  }
  return removed;
}

export async function deleteAccount(
  deps: DeletionDeps,
  userId: string,
  actor: "self" | "admin",
): Promise<DeletionReport> {
  const { pool, queues, numbers, logger } = deps;
  const numberReleased = await numbers.delete(userId);
  // A failure here stops the deletion (5xx, the user retries): a deleted account must not be charged.
  if (deps.closeBilling) await deps.closeBilling(userId);
  const { deleted, rows } = await withSystem(pool, async (tx) => {
    const counts = await rowCounts(tx, userId);
    const result = await tx.query("DELETE FROM users WHERE id = $1", [userId]);
    const gone = (result.rowCount ?? 0) > 0;
    if (gone) {
      await tx.query("INSERT INTO audit_log (action, actor, details) VALUES ('account.deleted', $1, $2)", [
        actor,
        { rows: counts, numberReleased },
      ]);
    }
    return { deleted: gone, rows: counts };
  });
  const jobsRemoved = await removeQueuedJobs(queues, userId, logger);
  if (jobsRemoved > 0) {
    await withSystem(pool, (tx) =>
      tx.query("INSERT INTO audit_log (action, actor, details) VALUES ('account.jobs_removed', $1, $2)", [
        actor,
        { jobs: jobsRemoved },
      ]),
    );
  }
  return { deleted, rows, jobsRemoved, numberReleased };
}
