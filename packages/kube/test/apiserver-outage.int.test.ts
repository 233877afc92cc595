// The API server going away mid-run (simulated with a proxy that resets and refuses
// connections — the shared control plane itself is never restarted): the controller recovers
// and reconciles what changed while it was away; a leader that cannot renew stops leading.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { Registry } from "prom-client";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { runController, source } from "../src/controller.ts";
import { KubeClient } from "../src/kube-client.ts";
import type { KubeObject } from "../src/kube-client.ts";
import { resourceSource } from "../src/kube-watch.ts";
import { LeaderElector } from "../src/leader.ts";
import { kubeLeaseApi } from "../src/lease.ts";
import { Reflector } from "../src/reflector.ts";
import { WorkQueue } from "../src/workqueue.ts";
import { ApiServerProxy } from "./tcp-proxy.ts";

const configMaps = { group: "", version: "v1", plural: "configmaps" };
/** How many watch attempts must have failed (with backoff between them) before the server returns. */
const failedWatchesDuringOutage = 3;

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

describe("an API server outage", () => {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const namespace = uniqueName("rt-outage");
  const proxy = new ApiServerProxy(admin.getCurrentCluster()?.server ?? "");

  beforeAll(async () => {
    await createNamespace(core, namespace);
    await proxy.up();
  });
  afterAll(async () => {
    await proxy.down();
    await deleteNamespace(core, namespace);
  });

  const labels = { "rt-test": "yes" };
  const putCm = (name: string, v: string) =>
    core.createNamespacedConfigMap({ namespace, body: { metadata: { name, labels }, data: { v } } });

  it("the controller recovers and reconciles every change made while the server was away", async () => {
    const client = new KubeClient(proxy.configFor(admin, KubeConfig), { timeoutMs: 3000 });
    const src = resourceSource<ConfigMap>(client, configMaps, { namespace, labelSelector: "rt-test=yes" });
    const registry = new Registry();
    const reflector = new Reflector<ConfigMap>({
      name: "cms",
      ...src,
      backoff: { baseMs: 200, capMs: 2000 },
      registry,
    });
    const watchEnds = async () =>
      (await registry.getSingleMetric("reflector_watch_ends_total")?.get())?.values.reduce(
        (sum, sample) => sum + sample.value,
        0,
      ) ?? 0;
    const queue = new WorkQueue({ name: "cms", registry, concurrency: 2 });
    const seen = new Map<string, string>();
    const reconcile = (key: string) => {
      seen.set(key, reflector.get(key)?.data?.["v"] ?? "deleted");
      return Promise.resolve();
    };
    await putCm("a", "1");
    await putCm("doomed", "1");
    const stop = new AbortController();
    const done = runController(
      { name: "cms", sources: [source(reflector)], queue, reconcile, registry },
      stop.signal,
    );
    const state = (key: string, v: string) => () =>
      Promise.resolve(seen.get(`${namespace}/${key}`) === v || undefined);
    try {
      await eventually("the initial reconcile", state("doomed", "1"));

      const endsBefore = await watchEnds();
      await proxy.down();
      await core.replaceNamespacedConfigMap({
        namespace,
        name: "a",
        body: { metadata: { name: "a", labels }, data: { v: "2" } },
      });
      await putCm("born-while-away", "1");
      await core.deleteNamespacedConfigMap({ namespace, name: "doomed" });
      // The outage lasts until the reflector has felt it: its watch was cut, and the watches it
      // opened again were refused, with backoff, several times.
      await eventually(
        "the reflector to fail to watch, repeatedly",
        async () => ((await watchEnds()) >= endsBefore + failedWatchesDuringOutage ? true : undefined),
        20_000,
      );
      expect(seen.get(`${namespace}/a`)).toBe("1");
      await proxy.up();

      await eventually("the update made while away", state("a", "2"), 20_000);
      await eventually("the object created while away", state("born-while-away", "1"));
      await eventually("the deletion made while away", state("doomed", "deleted"));
    } finally {
      stop.abort();
      await done;
    }
  });

  it("a leader that cannot reach the server for renewDeadline stops leading", async () => {
    const leases = kubeLeaseApi(new KubeClient(proxy.configFor(admin, KubeConfig), { timeoutMs: 1000 }));
    let stoppedAt = 0;
    let workAborted = false;
    const elector = new LeaderElector({
      leases,
      namespace,
      name: uniqueName("lease"),
      identity: "lonely",
      leaseDurationMs: 3000,
      renewDeadlineMs: 2000,
      retryPeriodMs: 500,
      onStartedLeading: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            workAborted = true;
            resolve();
          });
        }),
      onStoppedLeading: () => (stoppedAt = Date.now()),
    });
    const stop = new AbortController();
    const done = elector.run(stop.signal);
    try {
      await eventually("leading", () => Promise.resolve(elector.isLeader() || undefined));
      const downAt = Date.now();
      await proxy.down();
      await done;
      expect(workAborted).toBe(true);
      expect(elector.isLeader()).toBe(false);
      expect(stoppedAt - downAt).toBeLessThan(3000);
    } finally {
      stop.abort();
      await proxy.up();
    }
  });
});
