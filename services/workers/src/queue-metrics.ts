// BullMQ queue depth and age, read from Redis at scrape time: one getJobCounts and one LRANGE of
// the wait list's oldest entry per queue, all queues in parallel. A Redis error or a slow answer
// never fails the scrape: the gauges keep their last values and the error is logged at debug.
import type { Logger } from "@phoenix/kernel/log";
import { Gauge } from "prom-client";
import type { Registry } from "prom-client";

/** The job states exported; the alert reads waiting (+ prioritized, which also wait for a worker). */
export const jobStates = ["waiting", "prioritized", "delayed", "active", "failed"] as const;

/** What the gauges need of a BullMQ Queue. */
export interface QueueProbe {
  getJobCounts(...types: (typeof jobStates)[number][]): Promise<Record<string, number>>;
  getJobs(
    types: "wait",
    start: number,
    end: number,
    asc: boolean,
  ): Promise<readonly { timestamp: number; delay?: number }[]>;
}

export interface QueueGaugeOptions {
  registry: Registry;
  queues: Record<string, QueueProbe>;
  logger: Pick<Logger, "debug">;
  /** Longest a scrape waits for Redis; default 1 s (BullMQ's connection queues commands while down). */
  timeoutMs?: number;
  now?: () => number;
}

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer from Redis within ${String(ms)} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * bullmq_queue_jobs{queue,state} and bullmq_queue_oldest_waiting_seconds{queue}: the jobs of each
 * queue by state, and how long the oldest waiting job has waited since it was due (created plus
 * its delay, so a reminder counts from its due time), 0 when nothing waits.
 */
export function queueGauges({
  registry,
  queues,
  logger,
  timeoutMs = 1000,
  now = Date.now,
}: QueueGaugeOptions): void {
  // One Redis round per scrape, shared by both gauges' collect().
  let inflight: Promise<void> | undefined;
  const refresh = (): Promise<void> =>
    (inflight ??= Promise.all(Object.entries(queues).map(([name, queue]) => refreshQueue(name, queue))).then(
      () => {
        inflight = undefined;
      },
    ));
  const jobs = new Gauge({
    name: "bullmq_queue_jobs",
    help: "BullMQ jobs per queue and state (waiting, prioritized, delayed, active, failed), read at scrape time",
    labelNames: ["queue", "state"],
    registers: [registry],
    collect: () => refresh(),
  });
  const oldestAge = new Gauge({
    name: "bullmq_queue_oldest_waiting_seconds",
    help: "Seconds the oldest waiting BullMQ job of the queue has waited since it was due (0 when none waits)",
    labelNames: ["queue"],
    registers: [registry],
    collect: () => refresh(),
  });
  async function refreshQueue(name: string, queue: QueueProbe): Promise<void> {
    try {
      const [counts, oldest] = await within(
        Promise.all([queue.getJobCounts(...jobStates), queue.getJobs("wait", 0, 0, true)]),
        timeoutMs,
      );
      for (const state of jobStates) jobs.set({ queue: name, state }, counts[state] ?? 0);
      const [job] = oldest;
      oldestAge.set(
        { queue: name },
        job ? Math.max(0, (now() - job.timestamp - (job.delay ?? 0)) / 1000) : 0,
      );
    } catch (err) {
      logger.debug({ err, queue: name }, "queue metrics not refreshed; keeping the last values");
    }
  }
}
