import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock, flushMicrotasks } from "./fake-clock.ts";
import { FakeApi, list } from "./fake-api.ts";
import type { KubeObject } from "./kube-client.ts";
import { Reflector, stripForCache } from "./reflector.ts";
import type { ReflectorOptions } from "./reflector.ts";

interface Obj extends KubeObject {
  data?: Record<string, string>;
}

function obj(name: string, resourceVersion: string, data: Record<string, string> = {}): Obj {
  return { metadata: { namespace: "ns", name, resourceVersion }, data };
}

const nameOf = (o: Obj) => o.metadata?.name ?? "(no name)";
const versionOf = (o: Obj) => o.metadata?.resourceVersion ?? "(no resourceVersion)";

function setup(overrides: Partial<ReflectorOptions<Obj>> = {}) {
  const clock = new FakeClock();
  const api = new FakeApi<Obj>(clock);
  const reflector = new Reflector<Obj>({
    name: "test",
    list: api.list,
    watch: api.watch,
    clock,
    random: () => 0.5,
    ...overrides,
  });
  const events: string[] = [];
  reflector.addHandler({
    onAdd: (o) => events.push(`add ${nameOf(o)}@${versionOf(o)}`),
    onUpdate: (a, b) => events.push(`update ${nameOf(a)}@${versionOf(a)}->${versionOf(b)}`),
    onDelete: (o) => events.push(`delete ${nameOf(o)}`),
  });
  const abort = new AbortController();
  const start = async () => {
    const done = reflector.run(abort.signal);
    await flushMicrotasks();
    // Wrapped: an async function returning a promise would wait for it.
    return { done };
  };
  return { clock, api, reflector, events, abort, start };
}

const gone = { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" };

describe("Reflector", () => {
  it("lists, reports synced, then watches from the list's resourceVersion with bookmarks and a random timeout", async () => {
    const { api, reflector, events, start } = setup({ watchTimeoutSeconds: { min: 300, max: 600 } });
    api.answerList(list("100", obj("a", "90"), obj("b", "95")));
    expect(reflector.hasSynced()).toBe(false);
    const synced = reflector.waitForSync();
    await start();
    expect(await synced).toBe(true);
    expect(reflector.hasSynced()).toBe(true);
    expect(events).toEqual(["add a@90", "add b@95"]);
    expect(api.current.request).toEqual({ resourceVersion: "100", timeoutSeconds: 450 });
    expect(reflector.keys()).toEqual(["ns/a", "ns/b"]);
  });

  it("applies watch events to the cache and tells handlers", async () => {
    const { api, reflector, events, start } = setup();
    api.answerList(list("100", obj("a", "90")));
    await start();
    await api.current.send("ADDED", obj("b", "101"));
    await api.current.send("MODIFIED", obj("a", "102", { k: "v" }));
    await api.current.send("DELETED", obj("b", "103"));
    expect(events.slice(1)).toEqual(["add b@101", "update a@90->102", "delete b"]);
    expect(reflector.get("ns/a")?.data).toEqual({ k: "v" });
    expect(reflector.get("ns/b")).toBeUndefined();
    expect(reflector.resourceVersion).toBe("103");
  });

  it("resumes from the last bookmark when a watch ends normally, without relisting", async () => {
    const { api, reflector, start } = setup();
    api.answerList(list("100"));
    await start();
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "250" } });
    expect(reflector.resourceVersion).toBe("250");
    await api.current.close();
    expect(api.connections).toHaveLength(2);
    expect(api.current.request.resourceVersion).toBe("250");
    expect(api.listCalls).toHaveLength(1);
  });

  it("relists on an ERROR 410 event: new objects added, changed updated, vanished deleted", async () => {
    const { api, reflector, events, start } = setup();
    api.answerList(list("100", obj("keep", "1"), obj("change", "2"), obj("vanish", "3")));
    await start();
    api.answerList(list("500", obj("keep", "1"), obj("change", "7"), obj("new", "8")));
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "120" } });
    await api.current.send("ERROR", gone);
    expect(api.connections[0]?.stopped).toBe(true);
    expect(api.listCalls).toHaveLength(2);
    expect(events.slice(3)).toEqual(["delete vanish", "update change@2->7", "add new@8"]);
    expect(api.current.request.resourceVersion).toBe("500");
    expect(reflector.keys().sort()).toEqual(["ns/change", "ns/keep", "ns/new"]);
  });

  it("relists when the watch request itself fails with HTTP 410", async () => {
    const { api, clock, start } = setup();
    api.answerList(list("100"), list("200"));
    await start();
    await api.current.close(Object.assign(new Error("Gone"), { statusCode: 410 }));
    await clock.advance(1000);
    expect(api.listCalls).toHaveLength(2);
    expect(api.current.request.resourceVersion).toBe("200");
  });

  it("backs off with jitter after a failed watch, then resumes from the last resourceVersion", async () => {
    const { api, clock, start } = setup({ backoff: { baseMs: 1000, capMs: 60_000 } });
    api.answerList(list("100"));
    await start();
    await api.current.close(new Error("connection reset"));
    await clock.advance(499);
    expect(api.connections).toHaveLength(1);
    await clock.advance(1);
    expect(api.connections).toHaveLength(2);
    await api.current.close(new Error("connection reset"));
    await clock.advance(999);
    expect(api.connections).toHaveLength(2);
    await clock.advance(1);
    expect(api.connections).toHaveLength(3);
    expect(api.current.request.resourceVersion).toBe("100");
    expect(api.listCalls).toHaveLength(1);
  });

  it("re-opens a watch at once when it failed after delivering events", async () => {
    const { api, start } = setup();
    api.answerList(list("100"));
    await start();
    await api.current.send("ADDED", obj("a", "101"));
    await api.current.close(new Error("connection reset"));
    expect(api.connections).toHaveLength(2);
    expect(api.current.request.resourceVersion).toBe("101");
  });

  it("does not hot-loop when the server keeps closing watches at once", async () => {
    const { api, clock, start } = setup({ backoff: { baseMs: 1000, capMs: 60_000 } });
    api.answerList(list("100"));
    await start();
    for (let i = 0; i < 5; i++) {
      await api.current.close();
      await clock.advance(100);
    }
    // Delays 500, 1000, 2000…: five closes within 500 ms would mean a hot loop.
    expect(api.connections.length).toBeLessThanOrEqual(2);
  });

  it("aborts a silent watch after the watchdog period and opens a new one", async () => {
    const { api, clock, start } = setup({ watchdogMs: 90_000 });
    api.answerList(list("100"));
    await start();
    await clock.advance(60_000);
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "120" } });
    await clock.advance(89_999);
    expect(api.connections).toHaveLength(1);
    await clock.advance(1);
    expect(api.connections[0]?.stopped).toBe(true);
    expect(api.connections).toHaveLength(2);
    expect(api.current.request.resourceVersion).toBe("120");
  });

  it("retries a failing list with growing delays and only then watches", async () => {
    const { api, clock, reflector, start } = setup({ backoff: { baseMs: 1000, capMs: 60_000 } });
    api.answerList(new Error("503"), new Error("503"), list("100", obj("a", "1")));
    await start();
    await clock.advance(10_000);
    expect(api.listCalls.map((t) => t - (api.listCalls[0] ?? 0))).toEqual([0, 500, 1500]);
    expect(reflector.hasSynced()).toBe(true);
    expect(api.connections).toHaveLength(1);
  });

  it("calls onResync for every cached object each resync period", async () => {
    const { api, clock, reflector, start } = setup();
    const resynced: string[] = [];
    reflector.addHandler(
      { onResync: (o) => resynced.push(o.metadata?.name ?? "") },
      { resyncPeriodMs: 60_000 },
    );
    api.answerList(list("100", obj("a", "1"), obj("b", "2")));
    await start();
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "101" } });
    await clock.advance(60_000);
    expect(resynced).toEqual(["a", "b"]);
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "102" } });
    await clock.advance(60_000);
    expect(resynced).toHaveLength(4);
  });

  it("replays the cache as adds to a handler added after sync", async () => {
    const { api, reflector, start } = setup();
    api.answerList(list("100", obj("a", "1")));
    await start();
    const added: string[] = [];
    reflector.addHandler({ onAdd: (o) => added.push(o.metadata?.name ?? "") });
    expect(added).toEqual(["a"]);
  });

  it("keeps going when a handler throws", async () => {
    const { api, reflector, events, start } = setup();
    reflector.addHandler({
      onAdd: () => {
        throw new Error("handler bug");
      },
    });
    api.answerList(list("100"));
    await start();
    await api.current.send("ADDED", obj("a", "101"));
    await api.current.send("ADDED", obj("b", "102"));
    expect(events).toEqual(["add a@101", "add b@102"]);
  });

  it("counts lists and watch ends by reason", async () => {
    const registry = new Registry();
    const { api, clock, start } = setup({ registry, watchdogMs: 1000 });
    api.answerList(list("100"), list("200"));
    await start();
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "101" } });
    await api.current.send("ERROR", gone);
    await api.current.send("BOOKMARK", { metadata: { resourceVersion: "201" } });
    await clock.advance(1000);
    const text = await registry.metrics();
    expect(text).toContain('reflector_lists_total{name="test"} 2');
    expect(text).toContain('reflector_watch_ends_total{name="test",reason="expired"} 1');
    expect(text).toContain('reflector_watch_ends_total{name="test",reason="stalled"} 1');
  });

  it("resolves when aborted right after the list, before any watch was opened", async () => {
    const { api, abort, reflector } = setup();
    api.answerList(list("100"));
    const done = reflector.run(abort.signal);
    await reflector.waitForSync();
    abort.abort();
    await done;
    expect(api.connections).toHaveLength(0);
  });

  it("stops the watch and resolves when aborted", async () => {
    const { api, abort, clock, start } = setup();
    api.answerList(list("100"));
    const { done } = await start();
    abort.abort();
    await done;
    expect(api.current.stopped).toBe(true);
    await clock.advance(600_000);
    expect(api.connections).toHaveLength(1);
    expect(clock.pending()).toBe(0);
  });
});

describe("stripForCache", () => {
  it("drops metadata.managedFields and keeps everything else", () => {
    const object = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", resourceVersion: "7", managedFields: [{ manager: "kubectl" }] },
    };
    expect(stripForCache(object)).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", resourceVersion: "7" },
    });
    expect(object.metadata.managedFields).toHaveLength(1);
  });

  it("drops kubectl's last-applied copy of the object, and no other annotation", () => {
    const object = {
      metadata: {
        name: "a",
        annotations: {
          "kubectl.kubernetes.io/last-applied-configuration": "{...}",
          "phoenix.dev/rotate": "1",
        },
      },
    };
    expect(stripForCache(object).metadata.annotations).toEqual({ "phoenix.dev/rotate": "1" });
  });
});
