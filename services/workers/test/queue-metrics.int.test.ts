// The queue gauges against a real Redis and BullMQ: the oldest waiting job (not the newest) is
// the one whose age is exported, and counts follow the queue.
import { createRedis } from "@phoenix/kernel/redis";
import { closeQueues, createQueues } from "@phoenix/store";
import type { Queues } from "@phoenix/store";
import { randomBytes } from "node:crypto";
import { Registry } from "prom-client";
import { beforeAll, describe, expect, it } from "vitest";
import { localEnv } from "../../../test/support/local-env.ts";
import { queueGauges } from "../src/queue-metrics.ts";

describe("BullMQ queue gauges on Redis", () => {
  let queues: Queues;
  const redis = createRedis(
    { REDIS_SENTINELS: localEnv.sentinels, REDIS_MASTER_NAME: localEnv.redisMasterName },
    { role: "bullmq-queue", name: "queue-metrics-test" },
  );
  beforeAll(() => {
    queues = createQueues(redis, `qm${randomBytes(3).toString("hex")}`);
    return async () => {
      for (const queue of Object.values(queues)) await queue.obliterate({ force: true });
      await closeQueues(queues);
      redis.disconnect();
    };
  });

  it("export waiting and delayed counts and the age of the oldest waiting job", async () => {
    const registry = new Registry();
    const t0 = Date.now();
    queueGauges({ registry, queues, logger: { debug: () => undefined }, now: () => t0 + 60_000 });
    // Created 10 s apart (BullMQ takes the creation time as an option): the older one counts.
    await queues.outbound.add(
      "outbound",
      { messageId: "m1", userId: "u" },
      { jobId: "m1", timestamp: t0 - 10_000 },
    );
    await queues.outbound.add("outbound", { messageId: "m2", userId: "u" }, { jobId: "m2", timestamp: t0 });
    await queues.outbound.add(
      "outbound",
      { messageId: "m3", userId: "u" },
      { jobId: "m3", delay: 3_600_000 },
    );
    const text = await registry.metrics();
    expect(text).toContain('bullmq_queue_jobs{queue="outbound",state="waiting"} 2');
    expect(text).toContain('bullmq_queue_jobs{queue="outbound",state="delayed"} 1');
    expect(text).toContain('bullmq_queue_jobs{queue="inbound",state="waiting"} 0');
    expect(text).toContain(
      // now (t0 + 60 s) minus m1's creation (t0 − 10 s); m2 would give 60.
      'bullmq_queue_oldest_waiting_seconds{queue="outbound"} 70',
    );
    expect(text).toContain('bullmq_queue_oldest_waiting_seconds{queue="reminders"} 0');
  });
});
