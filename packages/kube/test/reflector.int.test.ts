// The reflector against the real API server: it follows adds, updates and deletes, recovers
// from 410 Gone by relisting (emitting deletes for objects it missed), and re-opens a watch
// that has gone silent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { compactEtcd } from "../../../test/support/local-env.ts";
import { KubeClient } from "../src/kube-client.ts";
import type { KubeObject } from "../src/kube-client.ts";
import { resourceSource } from "../src/kube-watch.ts";
import type { ListFn, WatchCallbacks, WatchFn, WatchRequest } from "../src/kube-watch.ts";
import { Reflector } from "../src/reflector.ts";

const configMaps = { group: "", version: "v1", plural: "configmaps" };

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/**
 * A thin wrapper around the real list and watch, for faults the server will not produce on
 * demand: silencing the open watch (a stalled connection: the events it should carry are
 * lost), injecting an ERROR event into it, or making the next watch start from a
 * resourceVersion the server has long compacted.
 */
class WatchFaults {
  requests: WatchRequest[] = [];
  /** resourceVersions of the lists made, in order. */
  lists: string[] = [];
  forceTooOld = false;
  private live: { callbacks: WatchCallbacks; silenced: boolean } | undefined;
  private readonly real: WatchFn;
  private readonly realList: ListFn<ConfigMap>;

  constructor(real: WatchFn, realList: ListFn<ConfigMap>) {
    this.real = real;
    this.realList = realList;
  }

  list: ListFn<ConfigMap> = async (signal) => {
    const result = await this.realList(signal);
    this.lists.push(result.metadata?.resourceVersion ?? "");
    return result;
  };

  watch: WatchFn = (request, callbacks) => {
    const sent = this.forceTooOld ? { ...request, resourceVersion: "1" } : request;
    this.forceTooOld = false;
    this.requests.push(sent);
    const connection = { callbacks, silenced: false };
    this.live = connection;
    return this.real(sent, {
      onEvent: (type, object) => {
        if (!connection.silenced) callbacks.onEvent(type, object);
      },
      onDone: (error) => {
        callbacks.onDone(error);
      },
    });
  };

  /** From now on the open watch delivers nothing, bookmarks included. */
  silence(): void {
    if (this.live) this.live.silenced = true;
  }

  inject(type: string, object: unknown): void {
    this.live?.callbacks.onEvent(type, object);
  }
}

describe("Reflector on the real API server", () => {
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const client = new KubeClient(kc);
  const namespace = uniqueName("rt-reflector");

  beforeAll(() => createNamespace(core, namespace));
  afterAll(() => deleteNamespace(core, namespace));

  function start(options: { watchdogMs?: number } = {}) {
    // The selector keeps out the kube-root-ca.crt ConfigMap every namespace gets.
    const source = resourceSource<ConfigMap>(client, configMaps, { namespace, labelSelector: "rt-test=yes" });
    const faults = new WatchFaults(source.watch, source.list);
    const reflector = new Reflector<ConfigMap>({
      name: "configmaps",
      list: faults.list,
      watch: faults.watch,
      backoff: { baseMs: 100, capMs: 1000 },
      ...options,
    });
    const events: string[] = [];
    const nameOf = (o: ConfigMap) => o.metadata?.name ?? "(no name)";
    reflector.addHandler({
      onAdd: (o) => events.push(`add ${nameOf(o)}`),
      onUpdate: (_, o) => events.push(`update ${nameOf(o)} ${JSON.stringify(o.data ?? {})}`),
      onDelete: (o) => events.push(`delete ${nameOf(o)}`),
    });
    const abort = new AbortController();
    const done = reflector.run(abort.signal);
    const stop = async () => {
      abort.abort();
      await done;
    };
    const watching = async () => {
      await reflector.waitForSync();
      await eventually("the first watch", () => Promise.resolve(faults.requests.length > 0 || undefined));
    };
    return { reflector, faults, events, stop, watching };
  }

  const labels = { "rt-test": "yes" };
  const createCm = (name: string, data: Record<string, string> = {}) =>
    core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels }, data } });
  const setData = (name: string, data: Record<string, string>) =>
    core.replaceNamespacedConfigMap({ namespace, name, body: { metadata: { name, labels }, data } });
  const deleteCm = (name: string) => core.deleteNamespacedConfigMap({ namespace, name });
  const seen = (events: string[], event: string) => () =>
    Promise.resolve(events.includes(event) || undefined);

  it("lists existing objects, then sees adds, updates and deletes", async () => {
    await createCm("before");
    const { reflector, events, stop } = start();
    try {
      expect(await reflector.waitForSync()).toBe(true);
      expect(events).toEqual(["add before"]);
      await createCm("after", { v: "1" });
      await eventually("add of the new ConfigMap", seen(events, "add after"));
      await setData("after", { v: "2" });
      await eventually("update", seen(events, 'update after {"v":"2"}'));
      await deleteCm("after");
      await eventually("delete", seen(events, "delete after"));
      expect(reflector.get(`${namespace}/after`)).toBeUndefined();
      expect(reflector.get(`${namespace}/before`)?.metadata?.name).toBe("before");
    } finally {
      await stop();
      await deleteCm("before");
    }
  });

  it("relists on a 410 Gone and reconciles the events it missed meanwhile", async () => {
    await createCm("keep", { v: "1" });
    await createCm("vanish");
    const { reflector, faults, events, stop, watching } = start();
    try {
      await watching();
      // Changes the reflector does not hear about, as if its watch had fallen behind.
      faults.silence();
      await setData("keep", { v: "2" });
      await deleteCm("vanish");
      await createCm("appear");
      const watchesBefore = faults.requests.length;
      faults.inject("ERROR", {
        kind: "Status",
        code: 410,
        reason: "Expired",
        message: "too old resource version",
      });
      await eventually("the relist's synthetic delete", seen(events, "delete vanish"));
      await eventually("the relist's add", seen(events, "add appear"));
      expect(events).toContain('update keep {"v":"2"}');
      // The changes came from a second list, not from a watch replaying them: the next watch
      // starts at that list's resourceVersion, after the missed changes.
      expect(faults.lists).toHaveLength(2);
      expect(faults.requests[watchesBefore]?.resourceVersion).toBe(faults.lists[1]);
      expect(reflector.keys().sort()).toEqual([`${namespace}/appear`, `${namespace}/keep`]);
    } finally {
      await stop();
      await Promise.all([deleteCm("keep"), deleteCm("appear")]);
    }
  });

  it("relists when the server itself answers 410 for a compacted resourceVersion", async () => {
    const { faults, events, stop, watching } = start();
    try {
      await watching();
      // On a young cluster nothing is compacted yet and resourceVersion "1" would still be served.
      await compactEtcd();
      faults.forceTooOld = true;
      // Any event ends the current watch's usefulness: cut it so the next one starts at "1".
      faults.inject("ERROR", { kind: "Status", code: 500, message: "injected to restart the watch" });
      await eventually("a watch from resourceVersion 1", () =>
        Promise.resolve(faults.requests.some((r) => r.resourceVersion === "1") || undefined),
      );
      await createCm("after-410");
      await eventually("the reflector to work again after the real 410", seen(events, "add after-410"));
      expect(faults.lists).toHaveLength(2);
      expect(faults.requests.at(-1)?.resourceVersion).toBe(faults.lists[1]);
    } finally {
      await stop();
      await deleteCm("after-410");
    }
  });

  it("re-opens a watch that went silent (watchdog) and resumes where it was", async () => {
    const { faults, events, stop, watching } = start({ watchdogMs: 2000 });
    try {
      await watching();
      const silencedAt = Date.now();
      faults.silence();
      await createCm("during-silence");
      // The next watch resumes from the last resourceVersion heard, so it replays the lost add.
      await eventually(
        "the lost add, after the watchdog re-opened the watch",
        seen(events, "add during-silence"),
      );
      expect(Date.now() - silencedAt).toBeGreaterThanOrEqual(1900);
      expect(faults.requests).toHaveLength(2);
      expect(faults.lists).toHaveLength(1);
      await createCm("after-silence");
      await eventually("a later add", seen(events, "add after-silence"));
    } finally {
      await stop();
      await Promise.all([deleteCm("during-silence"), deleteCm("after-silence")]);
    }
  });
});
