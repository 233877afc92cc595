import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { queueGauges } from "./queue-metrics.ts";
import type { QueueProbe } from "./queue-metrics.ts";

const now = Date.parse("2026-03-01T12:00:00Z");

function fakeQueue(counts: Record<string, number>, oldest?: { timestamp: number; delay?: number }) {
  const calls = { counts: 0, jobs: 0 };
  let failure: Error | undefined;
  let hang = false;
  const queue: QueueProbe = {
    getJobCounts: () => {
      calls.counts++;
      if (hang) return new Promise(() => undefined);
      return failure ? Promise.reject(failure) : Promise.resolve(counts);
    },
    getJobs: (_type, start, end, asc) => {
      calls.jobs++;
      expect([start, end, asc]).toEqual([0, 0, true]);
      return Promise.resolve(oldest ? [oldest] : []);
    },
  };
  return {
    queue,
    calls,
    fail: (err: Error | undefined) => {
      failure = err;
    },
    hang: () => {
      hang = true;
    },
  };
}

async function scrape(registry: Registry) {
  const text = await registry.metrics();
  const values = async (name: string) =>
    ((await registry.getSingleMetric(name)?.get())?.values ?? []).map((v) => ({
      ...v.labels,
      value: v.value,
    }));
  return {
    text,
    jobs: await values("bullmq_queue_jobs"),
    age: await values("bullmq_queue_oldest_waiting_seconds"),
  };
}

describe("BullMQ queue gauges", () => {
  it("export each queue's job counts and its oldest waiting job's age, read at scrape time", async () => {
    const registry = new Registry();
    const outbound = fakeQueue(
      { waiting: 12, prioritized: 0, delayed: 3, active: 2, failed: 1 },
      { timestamp: now - 90_000 },
    );
    // A reminder created an hour ago, due 30 minutes after that: it has waited 30 minutes.
    const reminders = fakeQueue(
      { waiting: 1, delayed: 40 },
      { timestamp: now - 3_600_000, delay: 1_800_000 },
    );
    const focus = fakeQueue({ waiting: 0 });
    queueGauges({
      registry,
      queues: { outbound: outbound.queue, reminders: reminders.queue, focus: focus.queue },
      logger: { debug: () => undefined },
      now: () => now,
    });
    const { text, jobs, age } = await scrape(registry);
    expect(jobs).toContainEqual({ queue: "outbound", state: "waiting", value: 12 });
    expect(jobs).toContainEqual({ queue: "outbound", state: "delayed", value: 3 });
    expect(jobs).toContainEqual({ queue: "reminders", state: "prioritized", value: 0 });
    expect(age).toEqual(
      expect.arrayContaining([
        { queue: "outbound", value: 90 },
        { queue: "reminders", value: 1800 },
        { queue: "focus", value: 0 },
      ]),
    );
    expect(text).toContain('bullmq_queue_jobs{queue="outbound",state="waiting"} 12');
    expect(text).toContain('bullmq_queue_oldest_waiting_seconds{queue="reminders"} 1800');
  });

  it("never fails a scrape on a Redis error or a hung Redis: the last values stay, logged at debug", async () => {
    const registry = new Registry();
    const outbound = fakeQueue({ waiting: 7 }, { timestamp: now - 10_000 });
    const logged: unknown[] = [];
    queueGauges({
      registry,
      queues: { outbound: outbound.queue },
      logger: { debug: (fields: unknown) => logged.push(fields) },
      now: () => now,
      timeoutMs: 20,
    });
    await registry.metrics();
    outbound.fail(new Error("connect ECONNREFUSED"));
    const failed = await scrape(registry);
    expect(failed.text).toContain('bullmq_queue_jobs{queue="outbound",state="waiting"} 7');
    expect(failed.age).toEqual([{ queue: "outbound", value: 10 }]);
    outbound.fail(undefined);
    outbound.hang();
    const hung = await scrape(registry);
    expect(hung.text).toContain('bullmq_queue_jobs{queue="outbound",state="waiting"} 7');
    expect(logged.length).toBeGreaterThanOrEqual(2);
  });

  it("asks Redis once per queue per scrape, however many gauges collect", async () => {
    const registry = new Registry();
    const outbound = fakeQueue({ waiting: 1 });
    queueGauges({ registry, queues: { outbound: outbound.queue }, logger: { debug: () => undefined } });
    await registry.metrics();
    expect(outbound.calls).toEqual({ counts: 1, jobs: 1 });
  });
});
