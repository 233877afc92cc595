// The workers process: one BullMQ Worker per queue, each a thin shell around a function that is
// tested on its own, plus the maintenance job scheduler (sweeper, settlement, event processor).
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import type { RedisConfig } from "@phoenix/kernel/redis";
import { traceConsumer } from "@phoenix/kernel/tracing";
import { jobIds, scheduleReminder } from "@phoenix/store";
import type { JobTypes, QueueName, Queues, Traced } from "@phoenix/store";
import type { TwilioClient } from "@phoenix/twilio";
import { Worker } from "bullmq";
import type { Job } from "bullmq";
import type pg from "pg";
import { Counter } from "prom-client";
import { processEvents } from "./nudges.ts";
import type { Nudged } from "./nudges.ts";
import { queueGauges } from "./queue-metrics.ts";
import { endFocus, fireReminder } from "./reminders.ts";
import type { Fired } from "./reminders.ts";
import { InFlightError, sendOutbound } from "./send.ts";
import { reminderLateness, replyLatency } from "./send-metrics.ts";
import { sweep } from "./sweeper.ts";
import type { SweepCounts } from "./sweeper.ts";
import { settleMessages } from "./usage.ts";

export interface WorkersRuntimeOptions {
  redis: RedisConfig;
  prefix: string;
  pool: pg.Pool;
  queues: Queues;
  twilio: TwilioClient;
  logger: Logger;
  metrics: Metrics;
  settings: {
    statusCallback: string;
    outboundConcurrency: number;
    sweepIntervalMs: number;
    replyDeadlineMs: number;
    nudgesPerDay: number;
    leaseMs: number;
  };
}

export interface WorkersRuntime {
  close(): Promise<void>;
}

async function enqueueSend(
  queues: Queues,
  userId: string,
  messageId: string | undefined,
  delayMs = 0,
): Promise<void> {
  if (!messageId) return;
  await queues.outbound.add(
    "outbound",
    { messageId, userId },
    { jobId: jobIds.outbound(messageId), delay: delayMs },
  );
}

async function afterFire(queues: Queues, job: JobTypes["reminders"], fired: Fired): Promise<void> {
  await enqueueSend(queues, job.userId, fired.outboundId);
  if (fired.next)
    await scheduleReminder(
      queues.reminders,
      { reminderId: job.reminderId, userId: job.userId, dueAt: fired.next },
      new Date(),
    );
}

async function sendNudges(queues: Queues, nudges: readonly Nudged[]): Promise<void> {
  for (const nudged of nudges)
    await enqueueSend(
      queues,
      nudged.userId,
      nudged.outboundId,
      nudged.sendAfter ? nudged.sendAfter.getTime() - Date.now() : 0,
    );
}

type Handlers = { [Name in QueueName]: (job: Job<JobTypes[Name]>) => Promise<string> };

function jobOutcomes(metrics: Metrics): Counter<"queue" | "outcome"> {
  return new Counter({
    name: "worker_jobs_total",
    help: "Jobs handled by queue and outcome",
    labelNames: ["queue", "outcome"],
    registers: [metrics.registry],
  });
}

/** One maintenance tick: sweep, settle prices and statuses, turn events into nudges. */
async function maintain(
  options: WorkersRuntimeOptions,
  outcomes: Counter<"queue" | "outcome">,
): Promise<void> {
  const { pool, queues, twilio, settings } = options;
  const swept: SweepCounts = await sweep({
    pool,
    queues,
    deadlineMs: settings.replyDeadlineMs,
    leaseMs: settings.leaseMs,
  });
  for (const kind of ["inbound", "outbound", "reminders", "focus"] as const)
    if (swept[kind] > 0) outcomes.inc({ queue: "sweeper", outcome: kind }, swept[kind]);
  await settleMessages({ pool, twilio });
  const { nudges } = await processEvents({ pool, perDay: settings.nudgesPerDay });
  await sendNudges(queues, nudges);
}

function handlersFor(options: WorkersRuntimeOptions, outcomes: Counter<"queue" | "outcome">): Handlers {
  const { pool, queues, twilio, settings } = options;
  const lateness = reminderLateness(options.metrics.registry);
  const replies = replyLatency(options.metrics.registry);
  const sendDeps = {
    pool,
    twilio,
    statusCallback: settings.statusCallback,
    leaseMs: settings.leaseMs,
    onReplySent: (seconds: number) => {
      replies.observe(seconds);
    },
  };
  return {
    inbound: () => Promise.reject(new Error("the agent consumes inbound")),
    outbound: (job) => sendOutbound(sendDeps, job.data.messageId, job.data.userId),
    reminders: async (job) => {
      const fired = await fireReminder(pool, job.data);
      // Measured when the SMS is drafted (the reminder fired), against the occurrence's due time.
      if (fired.outcome === "fired") lateness.observe((Date.now() - Date.parse(job.data.dueAt)) / 1000);
      await afterFire(queues, job.data, fired);
      return fired.outcome;
    },
    focus: async (job) => {
      const fired = await endFocus(pool, job.data);
      await enqueueSend(queues, job.data.userId, fired.outboundId);
      return fired.outcome;
    },
    maintenance: async () => {
      await maintain(options, outcomes);
      return "done";
    },
  };
}

const concurrencyOf = (name: QueueName, outbound: number): number =>
  name === "outbound" ? outbound : name === "maintenance" ? 1 : 8;

export async function startWorkers(options: WorkersRuntimeOptions): Promise<WorkersRuntime> {
  const { queues, logger, metrics, settings } = options;
  const outcomes = jobOutcomes(metrics);
  queueGauges({ registry: metrics.registry, queues, logger });
  const handlers = handlersFor(options, outcomes);
  const connections: ReturnType<typeof createRedis>[] = [];
  const workers = (["outbound", "reminders", "focus", "maintenance"] as const).map((name) => {
    const connection = createRedis(options.redis, { role: "bullmq-worker", name: `workers-${name}` });
    connections.push(connection);
    const handler = handlers[name] as (job: Job) => Promise<string>;
    const run = async (job: Job): Promise<string> => {
      try {
        const outcome = await handler(job);
        outcomes.inc({ queue: name, outcome });
        return outcome;
      } catch (err) {
        outcomes.inc({ queue: name, outcome: err instanceof InFlightError ? "in_flight" : "error" });
        throw err;
      }
    };
    const worker = new Worker(
      name,
      // Maintenance ticks every few seconds on a timer: no trace to continue, a span and a line
      // per tick would bury the ones that matter. Every other job continues its producer's trace.
      async (job: Job<Traced>) => {
        if (name === "maintenance") {
          await run(job);
          return;
        }
        await traceConsumer(name, { id: job.id, carrier: job.data.trace }, async () => {
          const outcome = await run(job);
          logger.info({ queue: name, jobId: job.id, outcome }, "job done");
        });
      },
      { connection, prefix: options.prefix, concurrency: concurrencyOf(name, settings.outboundConcurrency) },
    );
    worker.on("failed", (job, err) => {
      logger.warn({ err, queue: name, jobId: job?.id }, "job failed; BullMQ retries it");
    });
    worker.on("error", (err) => {
      logger.error({ err, queue: name }, "worker error");
    });
    return worker;
  });
  // One scheduler shared by every replica: each tick runs once, on one of them.
  await queues.maintenance.upsertJobScheduler(
    "maintenance",
    { every: settings.sweepIntervalMs },
    { name: "maintenance", data: {}, opts: { attempts: 1, removeOnComplete: 100, removeOnFail: 100 } },
  );
  return {
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all(connections.map((connection) => closeRedis(connection)));
    },
  };
}
