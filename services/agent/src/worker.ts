// The BullMQ worker of the `inbound` queue, with its metrics.
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis } from "@phoenix/kernel/redis";
import type { RedisConfig } from "@phoenix/kernel/redis";
import { traceConsumer } from "@phoenix/kernel/tracing";
import type { InboundJob, Traced } from "@phoenix/store";
import { Worker } from "bullmq";
import pg from "pg";
import { Counter, Histogram } from "prom-client";
import { handleInbound } from "./inbound.ts";
import type { AgentDeps } from "./inbound.ts";

export const agentFailureReasons = ["database", "redis", "timeout", "other"] as const;
export type AgentFailureReason = (typeof agentFailureReasons)[number];

/** What an exception out of handleInbound is, as agent_failures_total's bounded `reason`. */
export function agentFailureReason(err: unknown): AgentFailureReason {
  if (err instanceof pg.DatabaseError) return "database";
  const {
    name = "",
    message = "",
    code = "",
  } = (err ?? {}) as { name?: string; message?: string; code?: unknown };
  if (/timeout/i.test(name) || /timeout|timed out/i.test(message) || code === "ETIMEDOUT") return "timeout";
  if (/ReplyError|MaxRetriesPerRequest|Redis/i.test(name) || /redis|Connection is closed/i.test(message))
    return "redis";
  // node-postgres' own connection errors are plain Errors.
  if (/Connection terminated|connect to the database|too many clients/i.test(message)) return "database";
  return "other";
}

export interface InboundWorkerOptions {
  config: RedisConfig & { QUEUE_PREFIX: string; CONCURRENCY: number };
  logger: Logger;
  metrics: Metrics;
  deps: AgentDeps;
}

/** Starts consuming; `close` lets running jobs finish, then drops the worker's Redis connection. */
export function startInboundWorker({ config, logger, metrics, deps }: InboundWorkerOptions): {
  close: () => Promise<void>;
} {
  const registers = [metrics.registry];
  const handled = new Counter({
    name: "agent_messages_total",
    help: "Inbound messages handled, by intent and outcome",
    labelNames: ["intent", "outcome"],
    registers,
  });
  const duration = new Histogram({
    name: "agent_handle_duration_seconds",
    help: "Time to handle one inbound message (load context, interpret, apply, draft the reply)",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const failures = new Counter({
    name: "agent_failures_total",
    help: "Inbound message handlings that threw (BullMQ retries the job), by reason: database, redis, timeout or other",
    labelNames: ["reason"],
    registers,
  });
  // Exported at 0 from the start: the failure ratio has a value before the first failure.
  for (const reason of agentFailureReasons) failures.inc({ reason }, 0);
  const connection = createRedis(config, { role: "bullmq-worker", name: "agent-worker" });
  const worker = new Worker<InboundJob & Traced>(
    "inbound",
    // In the trace of the webhook that enqueued the job; the log line joins it by trace_id.
    (job) =>
      traceConsumer("inbound", { id: job.id, carrier: job.data.trace }, async () => {
        const end = duration.startTimer();
        const { messageId } = job.data;
        const result = await handleInbound(deps, messageId, job.data.userId).catch((err: unknown) => {
          failures.inc({ reason: agentFailureReason(err) });
          throw err;
        });
        const seconds = end();
        handled.inc({ intent: result.intent ?? "none", outcome: result.outcome });
        logger.info(
          { jobId: job.id, messageId, intent: result.intent, outcome: result.outcome, seconds },
          "inbound message handled",
        );
      }),
    { connection, prefix: config.QUEUE_PREFIX, concurrency: config.CONCURRENCY, autorun: true },
  );
  worker.on("failed", (job, err) => {
    logger.warn({ err, jobId: job?.id }, "inbound job failed; BullMQ retries it");
  });
  worker.on("error", (err) => {
    logger.error({ err }, "inbound worker error");
  });
  return {
    close: async () => {
      await worker.close();
      await closeRedis(connection);
    },
  };
}
