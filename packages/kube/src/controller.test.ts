import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { runController, source } from "./controller.ts";
import type { ReconcileResult } from "./controller.ts";
import { FakeApi, list } from "./fake-api.ts";
import { FakeClock, flushMicrotasks } from "./fake-clock.ts";
import type { KubeObject } from "./kube-client.ts";
import { OwnWrites } from "./own-writes.ts";
import { Reflector } from "./reflector.ts";
import { WorkQueue } from "./workqueue.ts";

function obj(name: string, resourceVersion: string, owner?: string): KubeObject {
  const annotations = owner ? { owner } : undefined;
  return { metadata: { namespace: "ns", name, resourceVersion, annotations } };
}

type Outcome = ReconcileResult | Error | undefined;

function setup({ resyncPeriodMs = 0, concurrency = 1 } = {}) {
  const clock = new FakeClock();
  const registry = new Registry();
  const api = new FakeApi(clock);
  const reflector = new Reflector({
    name: "things",
    list: api.list,
    watch: api.watch,
    clock,
    random: () => 0.5,
  });
  const queue = new WorkQueue({
    name: "things",
    registry,
    clock,
    concurrency,
    random: () => 0.5,
    backoff: { baseMs: 1000, capMs: 60_000 },
  });
  const calls: Array<[string, number]> = [];
  const outcomes = new Map<string, Outcome[]>();
  const reconcile = async (key: string) => {
    calls.push([key, clock.now()]);
    await Promise.resolve();
    const next = outcomes.get(key)?.shift();
    if (next instanceof Error) throw next;
    return next;
  };
  const abort = new AbortController();
  const run = (extra: Partial<Parameters<typeof runController>[0]> = {}) =>
    runController(
      { name: "things", sources: [source(reflector)], queue, reconcile, resyncPeriodMs, registry, ...extra },
      abort.signal,
    );
  return { clock, registry, api, reflector, queue, calls, outcomes, abort, run };
}

async function reconciles(registry: Registry, result: string): Promise<number> {
  const metric = await registry.getSingleMetric("reconcile_total")?.get();
  return (
    metric?.values.find((v) => v.labels["result"] === result && v.labels["controller"] === "things")?.value ??
    0
  );
}

describe("runController", () => {
  it("reconciles nothing before the cache has synced, then every listed object", async () => {
    const { api, calls, clock, run } = setup();
    api.answerList(new Error("apiserver starting"), list("10", obj("a", "1"), obj("b", "2")));
    void run();
    await flushMicrotasks();
    expect(calls).toEqual([]);
    await clock.advance(1000);
    expect(calls.map(([key]) => key)).toEqual(["ns/a", "ns/b"]);
  });

  it("reconciles the key of every watch event and counts successes", async () => {
    const { api, calls, registry, run } = setup();
    api.answerList(list("10"));
    void run();
    await flushMicrotasks();
    await api.current.send("ADDED", obj("a", "11"));
    await api.current.send("MODIFIED", obj("a", "12"));
    await api.current.send("DELETED", obj("a", "13"));
    expect(calls.map(([key]) => key)).toEqual(["ns/a", "ns/a", "ns/a"]);
    expect(await reconciles(registry, "success")).toBe(3);
    const text = await registry.metrics();
    expect(text).toContain('reconcile_time_seconds_count{controller="things"} 3');
  });

  it("retries a failing key with growing backoff, and forgets the failures after a success", async () => {
    const { api, calls, clock, outcomes, queue, registry, run } = setup();
    outcomes.set("ns/a", [new Error("twilio 503"), new Error("twilio 503"), undefined]);
    api.answerList(list("10", obj("a", "1")));
    const t0 = clock.now();
    void run();
    await clock.advance(10_000);
    // random 0.5 and base 1 s: delays of 500 ms, then 1000 ms.
    expect(calls.map(([, at]) => at - t0)).toEqual([0, 500, 1500]);
    expect(await reconciles(registry, "error")).toBe(2);
    expect(await reconciles(registry, "success")).toBe(1);
    expect(queue.retries("ns/a")).toBe(0);
  });

  it("retries a failure no sooner than its retryAfterMs (a server's Retry-After)", async () => {
    const { api, calls, clock, outcomes, run } = setup();
    const throttled = Object.assign(new Error("twilio 429"), { retryAfterMs: 7000 });
    outcomes.set("ns/a", [throttled, undefined]);
    api.answerList(list("10", obj("a", "1")));
    const t0 = clock.now();
    void run();
    await clock.advance(10_000);
    // The backoff alone would have retried after 500 ms.
    expect(calls.map(([, at]) => at - t0)).toEqual([0, 7000]);
  });

  it("reconciles again after requeueAfterMs and counts it as a requeue", async () => {
    const { api, calls, clock, outcomes, registry, run } = setup();
    outcomes.set("ns/a", [{ requeueAfterMs: 30_000 }]);
    api.answerList(list("10", obj("a", "1")));
    const t0 = clock.now();
    void run();
    await clock.advance(60_000);
    expect(calls.map(([, at]) => at - t0)).toEqual([0, 30_000]);
    expect(await reconciles(registry, "requeue")).toBe(1);
  });

  it("reconciles every object again each resync period", async () => {
    const { api, calls, clock, run } = setup({ resyncPeriodMs: 60_000 });
    api.answerList(list("10", obj("a", "1"), obj("b", "2")));
    void run();
    await flushMicrotasks();
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "11" } });
    await clock.advance(60_000);
    expect(calls.map(([key]) => key)).toEqual(["ns/a", "ns/b", "ns/a", "ns/b"]);
  });

  it("skips the echoes of its own writes, but not others' changes, deletions or resyncs", async () => {
    const { api, calls, clock, reflector, registry, run } = setup({ resyncPeriodMs: 60_000 });
    const ownWrites = new OwnWrites({ group: "", version: "v1", plural: "things" }, { registry });
    api.answerList(list("10", obj("a", "1")));
    void run({ sources: [source(reflector, { ownWrites })] });
    await flushMicrotasks();
    // The reconcile of "a" wrote twice (e.g. a finalizer, then status): both echoes are skipped.
    ownWrites.record(obj("a", "11"));
    ownWrites.record(obj("a", "12"));
    await api.current.send("MODIFIED", obj("a", "11"));
    await api.current.send("MODIFIED", obj("a", "12"));
    expect(calls.map(([key]) => key)).toEqual(["ns/a"]);
    // Someone else's change is reconciled.
    await api.current.send("MODIFIED", obj("a", "13"));
    expect(calls.map(([key]) => key)).toEqual(["ns/a", "ns/a"]);
    // The resync still reconciles an object whose last change was an echo (drift repair).
    ownWrites.record(obj("a", "14"));
    await api.current.send("MODIFIED", obj("a", "14"));
    await clock.advance(60_000);
    expect(calls.map(([key]) => key)).toEqual(["ns/a", "ns/a", "ns/a"]);
    // A deletion is never an echo, and forgets what was remembered.
    ownWrites.record(obj("a", "15"));
    await api.current.send("DELETED", obj("a", "15"));
    expect(calls).toHaveLength(4);
    expect(ownWrites.size).toBe(0);
    expect(await registry.metrics()).toContain('own_write_echoes_skipped_total{resource="things"} 3');
  });

  it("maps changes of a secondary resource to the keys of the primaries they affect", async () => {
    const setupState = setup();
    const { api, calls, clock, run } = setupState;
    const secretsApi = new FakeApi(clock);
    const secrets = new Reflector({ name: "secrets", list: secretsApi.list, watch: secretsApi.watch, clock });
    api.answerList(list("10"));
    secretsApi.answerList(list("10"));
    const owner = (o: KubeObject) => [`ns/${o.metadata?.annotations?.["owner"] ?? ""}`];
    void run({ sources: [source(setupState.reflector), source(secrets, { mapToKeys: owner })] });
    await flushMicrotasks();
    await secretsApi.current.send("MODIFIED", obj("secret-1", "12", "rotation-a"));
    expect(calls.map(([key]) => key)).toEqual(["ns/rotation-a"]);
  });

  it("on abort, lets the in-flight reconcile finish, then stops the reflector and resolves", async () => {
    const { api, abort, calls, clock, queue, run } = setup();
    let finish = () => {};
    let sawAbort = false;
    api.answerList(list("10", obj("a", "1"), obj("b", "2")));
    const done = run({
      reconcile: (key, signal) => {
        calls.push([key, clock.now()]);
        return new Promise((resolve) => {
          finish = () => {
            sawAbort = signal.aborted;
            resolve(undefined);
          };
        });
      },
    });
    await flushMicrotasks();
    let stopped = false;
    void done.then(() => (stopped = true));
    abort.abort();
    await flushMicrotasks();
    expect(stopped).toBe(false);
    finish();
    await done;
    expect(sawAbort).toBe(true);
    expect(calls.map(([key]) => key)).toEqual(["ns/a"]);
    expect(api.current.stopped).toBe(true);
    queue.add("ns/c");
    expect(queue.length).toBe(0);
  });
});
