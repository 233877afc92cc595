import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock, flushMicrotasks } from "./fake-clock.ts";
import { WorkQueue } from "./workqueue.ts";
import type { WorkQueueOptions } from "./workqueue.ts";

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** One turn of the event loop: lets whatever is ready run, without waiting for any time to pass. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function queueWith(overrides: Partial<WorkQueueOptions> = {}) {
  const clock = new FakeClock();
  const registry = new Registry();
  const queue = new WorkQueue({ name: "test", registry, clock, random: () => 0.999_999, ...overrides });
  return { clock, registry, queue };
}

/** A handler whose runs the test finishes by hand, recording what ran and what is in flight. */
function manualHandler() {
  const runs: string[] = [];
  const inFlight = new Map<string, Deferred>();
  const handler = (key: string) => {
    runs.push(key);
    const d = deferred();
    inFlight.set(key, d);
    return d.promise.finally(() => inFlight.delete(key));
  };
  const finish = async (key: string) => {
    const d = inFlight.get(key);
    if (!d) throw new Error(`${key} is not in flight`);
    d.resolve();
    await flushMicrotasks();
  };
  return { runs, inFlight, handler, finish };
}

async function metricValue(registry: Registry, name: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric(name)?.get();
  return metric?.values.find((v) => v.labels["name"] === "test" && !("le" in v.labels))?.value;
}

describe("WorkQueue", () => {
  it("processes a key added several times while waiting only once", async () => {
    const { queue } = queueWith();
    const h = manualHandler();
    queue.add("a");
    queue.add("a");
    queue.add("b");
    queue.add("a");
    queue.start(h.handler);
    await flushMicrotasks();
    await h.finish("a");
    await h.finish("b");
    expect(h.runs).toEqual(["a", "b"]);
  });

  it("never runs a key twice at once: an add during a run re-queues it once after", async () => {
    const { queue } = queueWith({ concurrency: 4 });
    const h = manualHandler();
    queue.start(h.handler);
    queue.add("a");
    await flushMicrotasks();
    queue.add("a");
    queue.add("a");
    await flushMicrotasks();
    expect(h.runs).toEqual(["a"]);
    await h.finish("a");
    expect(h.runs).toEqual(["a", "a"]);
    await h.finish("a");
    expect(h.runs).toEqual(["a", "a"]);
  });

  it("runs at most `concurrency` keys at a time, in order", async () => {
    const { queue } = queueWith({ concurrency: 2 });
    const h = manualHandler();
    for (const key of ["a", "b", "c", "d"]) queue.add(key);
    queue.start(h.handler);
    await flushMicrotasks();
    expect([...h.inFlight.keys()]).toEqual(["a", "b"]);
    await h.finish("b");
    expect([...h.inFlight.keys()]).toEqual(["a", "c"]);
  });

  it("backs a failing key off exponentially, and forget resets the backoff", async () => {
    const { queue, clock } = queueWith({ backoff: { baseMs: 100, capMs: 10_000 } });
    const runs: number[] = [];
    queue.start(async (key) => {
      runs.push(clock.now());
      queue.addRateLimited(key);
      await Promise.resolve();
    });
    const t0 = clock.now();
    queue.add("a");
    await clock.advance(1000);
    // random ≈ 1: delays close to the ceilings 100, 200, 400 ms.
    expect(runs.map((t) => t - t0)).toEqual([0, 99, 99 + 199, 99 + 199 + 399]);
    expect(queue.retries("a")).toBe(4);
    queue.forget("a");
    expect(queue.retries("a")).toBe(0);
  });

  it("retries no sooner than a server asked (Retry-After), however small the backoff", async () => {
    const { queue, clock } = queueWith({ backoff: { baseMs: 100, capMs: 10_000 } });
    const runs: number[] = [];
    queue.start(async () => {
      runs.push(clock.now());
      await Promise.resolve();
    });
    const t0 = clock.now();
    queue.addRateLimited("a", 2500);
    await clock.advance(5000);
    expect(runs.map((t) => t - t0)).toEqual([2500]);
  });

  it("bounds retries of all keys together with the global token bucket", async () => {
    const { queue, clock } = queueWith({
      backoff: { baseMs: 1, capMs: 1 },
      retryRate: { ratePerSecond: 2, burst: 1 },
    });
    const runs: Array<[string, number]> = [];
    const t0 = clock.now();
    queue.start(async (key) => {
      runs.push([key, clock.now() - t0]);
      await Promise.resolve();
    });
    queue.addRateLimited("a");
    queue.addRateLimited("b");
    queue.addRateLimited("c");
    await clock.advance(2000);
    expect(runs).toEqual([
      ["a", 0],
      ["b", 500],
      ["c", 1000],
    ]);
  });

  it("keeps the earliest of several delayed adds of one key", async () => {
    const { queue, clock } = queueWith();
    const runs: number[] = [];
    const t0 = clock.now();
    queue.start(async () => {
      runs.push(clock.now() - t0);
      await Promise.resolve();
    });
    queue.addAfter("a", 1000);
    queue.addAfter("a", 100);
    queue.addAfter("a", 5000);
    await clock.advance(10_000);
    expect(runs).toEqual([100]);
  });

  it("retries a key whose handler throws, and reports the error", async () => {
    const errors: string[] = [];
    const { queue, clock } = queueWith({ onHandlerError: (key, e) => errors.push(`${key}: ${String(e)}`) });
    let calls = 0;
    queue.start(async () => {
      calls++;
      await Promise.resolve();
      if (calls === 1) throw new Error("boom");
    });
    queue.add("a");
    await clock.advance(1000);
    expect(calls).toBe(2);
    expect(errors).toEqual(["a: Error: boom"]);
  });

  it("on shutdown, waits for in-flight work, drops waiting and delayed keys, refuses new ones", async () => {
    const { queue, clock } = queueWith();
    const h = manualHandler();
    queue.start(h.handler);
    queue.add("a");
    queue.add("b");
    queue.addAfter("c", 10);
    await flushMicrotasks();
    let stopped = false;
    const done = queue.shutdown().then(() => (stopped = true));
    queue.add("d");
    await clock.advance(100);
    expect(stopped).toBe(false);
    await h.finish("a");
    await done;
    expect(h.runs).toEqual(["a"]);
    expect(clock.pending()).toBe(0);
  });

  it("with drain, processes the keys still waiting before resolving", async () => {
    const { queue } = queueWith();
    const h = manualHandler();
    queue.start(h.handler);
    queue.add("a");
    queue.add("b");
    await flushMicrotasks();
    const done = queue.shutdown({ drain: true });
    await h.finish("a");
    await h.finish("b");
    await done;
    expect(h.runs).toEqual(["a", "b"]);
  });

  it("exports depth, adds, retries and work duration", async () => {
    const { queue, registry, clock } = queueWith();
    queue.add("a");
    queue.add("a");
    queue.add("b");
    expect(await metricValue(registry, "workqueue_depth")).toBe(2);
    expect(await metricValue(registry, "workqueue_adds_total")).toBe(2);
    queue.addRateLimited("c");
    expect(await metricValue(registry, "workqueue_retries_total")).toBe(1);
    queue.start(() => Promise.resolve());
    await clock.advance(1000);
    expect(await metricValue(registry, "workqueue_depth")).toBe(0);
    const text = await registry.metrics();
    expect(text).toContain('workqueue_work_duration_seconds_count{name="test"} 3');
  });

  it("shares one registry between queues, told apart by name", () => {
    const registry = new Registry();
    new WorkQueue({ name: "one", registry });
    expect(() => new WorkQueue({ name: "two", registry })).not.toThrow();
  });

  it("under load, never runs one key concurrently and never loses the last add", async () => {
    const queue = new WorkQueue({ name: "load", registry: new Registry(), concurrency: 8 });
    const keys = Array.from({ length: 10 }, (_, i) => `k${i}`);
    const running = new Set<string>();
    const latestAdd = new Map<string, number>();
    const seenAtStart = new Map<string, number>();
    let overlaps = 0;
    queue.start(async (key) => {
      if (running.has(key)) overlaps++;
      running.add(key);
      seenAtStart.set(key, latestAdd.get(key) ?? 0);
      // Work that spans a few turns of the event loop, so adds land while keys are in flight.
      for (let turns = Math.floor(Math.random() * 4); turns > 0; turns--) await nextTurn();
      running.delete(key);
    });
    for (let i = 1; i <= 2000; i++) {
      const key = keys[Math.floor(Math.random() * keys.length)] ?? "k0";
      latestAdd.set(key, i);
      queue.add(key);
      if (i % 50 === 0) await nextTurn();
    }
    await queue.shutdown({ drain: true });
    expect(overlaps).toBe(0);
    for (const key of keys) expect(seenAtStart.get(key)).toBe(latestAdd.get(key));
  });
});
