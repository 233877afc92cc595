// Leader election on a real Lease with a short lease (3 s): one leader at a time; a leader cut
// off from the API server steps down before a standby takes over; a killed leader is replaced
// within the lease duration; a graceful release hands over at once.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CoreV1Api } from "@kubernetes/client-node";
import {
  adminConfig,
  createNamespace,
  deleteNamespace,
  eventually,
  uniqueName,
} from "../../../test/support/kube.ts";
import { KubeClient } from "../src/kube-client.ts";
import { LeaderElector } from "../src/leader.ts";
import type { LeaderElectionOptions } from "../src/leader.ts";
import { kubeLeaseApi } from "../src/lease.ts";
import type { LeaseApi } from "../src/lease.ts";

const timing = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500 };

/** Who leads when, across all candidates of a test; fails on any overlap. */
class Timeline {
  readonly entries: Array<{ identity: string; event: "started" | "stopped"; at: number }> = [];
  private leaders = new Set<string>();
  maxConcurrent = 0;

  started(identity: string): void {
    this.leaders.add(identity);
    this.maxConcurrent = Math.max(this.maxConcurrent, this.leaders.size);
    this.entries.push({ identity, event: "started", at: Date.now() });
  }

  stopped(identity: string): void {
    this.leaders.delete(identity);
    this.entries.push({ identity, event: "stopped", at: Date.now() });
  }

  at(identity: string, event: "started" | "stopped"): number | undefined {
    return this.entries.find((e) => e.identity === identity && e.event === event)?.at;
  }
}

describe("LeaderElector on a real Lease", () => {
  const kc = adminConfig();
  const core = kc.makeApiClient(CoreV1Api);
  const leases = kubeLeaseApi(new KubeClient(kc));
  const namespace = uniqueName("rt-leader");

  beforeAll(() => createNamespace(core, namespace));
  afterAll(() => deleteNamespace(core, namespace));

  function candidate(
    identity: string,
    lease: string,
    timeline: Timeline,
    extra: Partial<LeaderElectionOptions> = {},
  ) {
    const stop = new AbortController();
    const elector = new LeaderElector({
      leases,
      namespace,
      name: lease,
      identity,
      ...timing,
      onStartedLeading: (signal) => {
        timeline.started(identity);
        return new Promise<void>((resolve) => {
          signal.addEventListener("abort", () => {
            timeline.stopped(identity);
            resolve();
          });
        });
      },
      ...extra,
    });
    const done = elector.run(stop.signal);
    return { elector, stop, done };
  }

  const leading = (c: { elector: LeaderElector }) => () => Promise.resolve(c.elector.isLeader() || undefined);
  const holder = async (lease: string) =>
    (await leases.get(namespace, lease, AbortSignal.timeout(5000)))?.spec;

  it("keeps one leader while it renews; a leader cut off steps down before the standby takes over", async () => {
    const lease = uniqueName("lease");
    const timeline = new Timeline();
    let cut = false;
    const cutOff: LeaseApi = {
      get: (...args) => (cut ? Promise.reject(new Error("network unreachable")) : leases.get(...args)),
      create: (...args) => (cut ? Promise.reject(new Error("network unreachable")) : leases.create(...args)),
      replace: (...args) =>
        cut ? Promise.reject(new Error("network unreachable")) : leases.replace(...args),
    };
    const a = candidate("a", lease, timeline, { leases: cutOff });
    await eventually("a to lead", leading(a));
    const bObserved: string[] = [];
    const bStartedAt = Date.now();
    const b = candidate("b", lease, timeline, { onNewLeader: (holder) => bObserved.push(holder) });
    try {
      // b stands by while a renews. A negative assertion, so time must pass; its end is read
      // from the Lease: a renewed it two lease durations after b, which has seen a lead, started
      // (b could only take over after one lease duration without a renewal).
      await eventually("b to see a lead", () => Promise.resolve(bObserved.includes("a") || undefined));
      await eventually(
        "a to renew two lease durations after b started",
        async () => {
          const spec = await holder(lease);
          const renewed = Date.parse(spec?.renewTime ?? "");
          return spec?.holderIdentity === "a" && renewed >= bStartedAt + 2 * timing.leaseDurationMs
            ? true
            : undefined;
        },
        4 * timing.leaseDurationMs,
      );
      expect(b.elector.isLeader()).toBe(false);
      expect((await holder(lease))?.holderIdentity).toBe("a");
      const cutAt = Date.now();
      cut = true;
      await eventually("b to take over", leading(b), 10_000);
      const aStopped = timeline.at("a", "stopped") ?? Infinity;
      const bStarted = timeline.at("b", "started") ?? 0;
      expect(aStopped).toBeLessThan(bStarted);
      expect(aStopped - cutAt).toBeLessThanOrEqual(timing.renewDeadlineMs + 200);
      expect(bStarted - cutAt).toBeLessThanOrEqual(timing.leaseDurationMs + 1000);
      expect(timeline.maxConcurrent).toBe(1);
      expect(await holder(lease)).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
      await a.done;
    } finally {
      a.stop.abort();
      b.stop.abort();
      await Promise.all([a.done, b.done]);
    }
  });

  it("hands over on a graceful stop much faster than the lease duration", async () => {
    const lease = uniqueName("lease");
    const timeline = new Timeline();
    const slow = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 500 };
    const a = candidate("a", lease, timeline, slow);
    await eventually("a to lead", leading(a));
    const bObserved: string[] = [];
    const b = candidate("b", lease, timeline, { ...slow, onNewLeader: (holder) => bObserved.push(holder) });
    try {
      // b is standing by (it has read the Lease and seen a hold it) when a stops.
      await eventually("b to see a lead", () => Promise.resolve(bObserved.includes("a") || undefined));
      a.stop.abort();
      await a.done;
      expect((await holder(lease))?.holderIdentity).toBe("");
      await eventually("b to take over", leading(b), 5_000);
      const handover = (timeline.at("b", "started") ?? 0) - (timeline.at("a", "stopped") ?? 0);
      expect(handover).toBeGreaterThan(0);
      expect(handover).toBeLessThan(2_000);
      expect(timeline.maxConcurrent).toBe(1);
    } finally {
      b.stop.abort();
      await b.done;
    }
  });

  it("replaces a SIGKILLed leader process within the lease duration", async () => {
    const lease = uniqueName("lease");
    const script = path.join(import.meta.dirname, "elector-process.ts");
    const lines: Array<{ identity: string; event: string; at: number; holder?: string }> = [];
    const spawnCandidate = (identity: string): ChildProcess => {
      const child = spawn(process.execPath, [script, namespace, lease, identity], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
        lines.push(JSON.parse(line) as { identity: string; event: string; at: number; holder?: string });
      });
      return child;
    };
    const started = (identity: string) => () =>
      Promise.resolve(lines.find((l) => l.identity === identity && l.event === "started")?.at);
    const first = spawnCandidate("first");
    const second = spawnCandidate("second");
    try {
      const leaderName = await eventually(
        "one process to lead",
        () => Promise.resolve(lines.find((l) => l.event === "started")?.identity),
        20_000,
      );
      const [leader, standby, standbyName] =
        leaderName === "first" ? [first, second, "second"] : [second, first, "first"];
      // The standby has read the Lease and seen the leader hold it: it stands by.
      await eventually(
        "the standby to see the leader",
        () =>
          Promise.resolve(
            lines.some(
              (l) => l.identity === standbyName && l.event === "observed" && l.holder === leaderName,
            ) || undefined,
          ),
        20_000,
      );
      expect(lines.filter((l) => l.event === "started")).toHaveLength(1);
      const killedAt = Date.now();
      leader.kill("SIGKILL");
      const takeover = await eventually("the standby to lead", started(standbyName), 15_000);
      expect(takeover - killedAt).toBeLessThanOrEqual(timing.leaseDurationMs + 1000);
      expect(await holder(lease)).toMatchObject({ holderIdentity: standbyName, leaseTransitions: 1 });
      standby.kill("SIGTERM");
      await eventually("the standby to release on SIGTERM", () =>
        Promise.resolve(lines.some((l) => l.identity === standbyName && l.event === "exited") || undefined),
      );
      expect((await holder(lease))?.holderIdentity).toBe("");
    } finally {
      first.kill("SIGKILL");
      second.kill("SIGKILL");
    }
  });
});
