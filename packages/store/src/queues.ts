// The queue contract between sms-router, agent and workers: names, job payloads and job ids.
// Redis is only the transport: every job points at a Postgres row that is the truth, so a lost
// job is recovered by the workers' sweeper and a duplicated one is a no-op.
import { traceProducer } from "@phoenix/kernel/tracing";
import type { TraceCarrier } from "@phoenix/kernel/tracing";
import { Queue } from "bullmq";
import type { ConnectionOptions, Job, JobsOptions } from "bullmq";

export interface InboundJob {
  messageId: string;
  userId: string;
}
export interface OutboundJob {
  messageId: string;
  userId: string;
}
export interface ReminderJob {
  reminderId: string;
  userId: string;
  /** ISO instant the job was scheduled for; a job whose due time no longer matches the row is stale. */
  dueAt: string;
}
export interface FocusJob {
  sessionId: string;
  userId: string;
}

export interface JobTypes {
  inbound: InboundJob;
  outbound: OutboundJob;
  reminders: ReminderJob;
  focus: FocusJob;
  maintenance: Record<string, never>;
}
export type QueueName = keyof JobTypes;
export const queueNames: readonly QueueName[] = ["inbound", "outbound", "reminders", "focus", "maintenance"];

/** Default prefix of every BullMQ key; tests use their own so they never see another run's jobs. */
export const defaultQueuePrefix = "phoenix";

/**
 * What a job's data holds besides its payload: the producer's W3C trace context, so the consumer's
 * work joins the trace of the request that caused it (absent when tracing is off).
 */
export interface Traced {
  trace?: TraceCarrier;
}

/** A queue whose `add` runs in a PRODUCER span and stores its trace context in the job's data. */
// Every type parameter spelled out: BullMQ's defaults derive them through conditional types that
// an override with a generic payload cannot satisfy.
export class TracedQueue<Data extends object> extends Queue<
  Data & Traced,
  unknown,
  string,
  Data & Traced,
  unknown,
  string
> {
  override add(name: string, data: Data & Traced, opts?: JobsOptions): Promise<Job<Data & Traced, unknown>> {
    return traceProducer(this.name, (trace) => super.add(name, trace ? { ...data, trace } : data, opts));
  }
}

export type Queues = { [Name in QueueName]: TracedQueue<JobTypes[Name]> };

/** Retries with exponential backoff; finished jobs are trimmed so Redis memory stays bounded. */
export const defaultJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function createQueues(connection: ConnectionOptions, prefix = defaultQueuePrefix): Queues {
  const make = <Name extends QueueName>(name: Name): TracedQueue<JobTypes[Name]> =>
    new TracedQueue<JobTypes[Name]>(name, { connection, prefix, defaultJobOptions });
  return {
    inbound: make("inbound"),
    outbound: make("outbound"),
    reminders: make("reminders"),
    focus: make("focus"),
    maintenance: make("maintenance"),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((queue) => queue.close()));
}

/**
 * Job ids make enqueueing idempotent (BullMQ ignores an add whose id exists). The sweeper passes an
 * `attempt` to get a fresh id when the earlier job is gone or finished without effect.
 */
export const jobIds = {
  inbound: (messageId: string, attempt = 0): string => (attempt ? `${messageId}-r${attempt}` : messageId),
  outbound: (messageId: string, attempt = 0): string => (attempt ? `${messageId}-r${attempt}` : messageId),
  reminder: (reminderId: string, dueAt: Date): string => `${reminderId}-${dueAt.getTime()}`,
  focus: (sessionId: string): string => sessionId,
};

/**
 * Schedules a reminder's job for `dueAt` (delayed from `now`). The agent, the firing worker (next
 * occurrence) and the sweeper all go through here, so id, payload and delay agree; `idSuffix` is
 * the sweeper's fresh id for a due job that Redis lost.
 */
export async function scheduleReminder(
  queue: Queues["reminders"],
  reminder: { reminderId: string; userId: string; dueAt: Date },
  now: Date,
  idSuffix = "",
): Promise<void> {
  const { reminderId, userId, dueAt } = reminder;
  await queue.add(
    "reminder",
    { reminderId, userId, dueAt: dueAt.toISOString() },
    {
      jobId: jobIds.reminder(reminderId, dueAt) + idSuffix,
      delay: Math.max(0, dueAt.getTime() - now.getTime()),
    },
  );
}
