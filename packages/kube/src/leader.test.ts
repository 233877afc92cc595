import { ApiException } from "@kubernetes/client-node";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { FakeClock, flushMicrotasks } from "./fake-clock.ts";
import { LeaderElector } from "./leader.ts";
import type { LeaderElectionOptions } from "./leader.ts";
import { microTime } from "./kube-client.ts";
import { decideLease, isLeaseFree } from "./lease.ts";
import type { Lease, LeaseApi } from "./lease.ts";

/** An in-memory Lease with the API server's optimistic concurrency. */
class MemoryLeases implements LeaseApi {
  lease: Lease | undefined;
  failing = false;
  writes = 0;
  private version = 0;

  get(): Promise<Lease | undefined> {
    if (this.failing) return Promise.reject(new Error("connection refused"));
    return Promise.resolve(structuredClone(this.lease));
  }

  create(lease: Lease): Promise<Lease> {
    if (this.failing) return Promise.reject(new Error("connection refused"));
    if (this.lease) return Promise.reject(new ApiException(409, "AlreadyExists", {}, {}));
    return Promise.resolve(this.store(lease));
  }

  replace(lease: Lease): Promise<Lease> {
    if (this.failing) return Promise.reject(new Error("connection refused"));
    if (lease.metadata?.resourceVersion !== this.lease?.metadata?.resourceVersion) {
      return Promise.reject(new ApiException(409, "Conflict", {}, {}));
    }
    return Promise.resolve(this.store(lease));
  }

  private store(lease: Lease): Lease {
    this.writes++;
    this.lease = structuredClone({
      ...lease,
      metadata: { ...lease.metadata, resourceVersion: String(++this.version) },
    });
    return structuredClone(this.lease);
  }
}

interface Candidate {
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  log: string[];
  workSignal: () => AbortSignal | undefined;
}

function candidate(
  leases: LeaseApi,
  clock: FakeClock,
  identity: string,
  extra: Partial<LeaderElectionOptions> = {},
): Candidate {
  const log: string[] = [];
  let workSignal: AbortSignal | undefined;
  const elector = new LeaderElector({
    leases,
    namespace: "ns",
    name: "op",
    identity,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    clock,
    random: () => 0,
    onStartedLeading: (signal) => {
      workSignal = signal;
      log.push("started");
      return new Promise<void>((resolve) => {
        signal.addEventListener("abort", () => {
          resolve();
        });
      });
    },
    onStoppedLeading: () => log.push("stopped"),
    ...extra,
  });
  const stop = new AbortController();
  const done = elector.run(stop.signal);
  return { elector, stop, done, log, workSignal: () => workSignal };
}

describe("lease rules", () => {
  const now = Date.parse("2025-01-01T00:00:10Z");

  it("formats renewTime with the six fractional digits MicroTime requires", () => {
    expect(microTime(Date.parse("2025-01-01T00:00:00.123Z"))).toBe("2025-01-01T00:00:00.123000Z");
  });

  it("treats an absent, released or expired lease as free", () => {
    expect(isLeaseFree(undefined, now)).toBe(true);
    expect(isLeaseFree({ holderIdentity: "" }, now)).toBe(true);
    const held = { holderIdentity: "a", leaseDurationSeconds: 5, renewTime: "2025-01-01T00:00:06.000000Z" };
    expect(isLeaseFree(held, now)).toBe(false);
    expect(isLeaseFree({ ...held, renewTime: "2025-01-01T00:00:04.999000Z" }, now)).toBe(true);
  });

  it("renews our own lease keeping acquireTime, and counts a transition on takeover", () => {
    const spec = {
      holderIdentity: "a",
      leaseDurationSeconds: 5,
      acquireTime: "2025-01-01T00:00:00.000000Z",
      renewTime: "2025-01-01T00:00:09.000000Z",
      leaseTransitions: 3,
    };
    const renew = decideLease(spec, "a", now, 5);
    expect(renew).toMatchObject({
      action: "write",
      spec: { acquireTime: spec.acquireTime, leaseTransitions: 3 },
    });
    expect(decideLease(spec, "b", now, 5)).toEqual({ action: "wait", holder: "a" });
    const takeover = decideLease(spec, "b", now + 5000, 5);
    expect(takeover).toMatchObject({ action: "write", spec: { holderIdentity: "b", leaseTransitions: 4 } });
    expect(decideLease(undefined, "b", now, 5)).toMatchObject({ spec: { leaseTransitions: 0 } });
  });
});

describe("LeaderElector", () => {
  it("acquires an absent lease and starts leading", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    const a = candidate(leases, clock, "a");
    await flushMicrotasks();
    expect(a.elector.isLeader()).toBe(true);
    expect(a.log).toEqual(["started"]);
    expect(leases.lease?.spec).toMatchObject({
      holderIdentity: "a",
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
  });

  it("lets only one of two candidates lead while the leader renews", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    const a = candidate(leases, clock, "a");
    await flushMicrotasks();
    const b = candidate(leases, clock, "b");
    await clock.advance(60_000);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.isLeader()).toBe(false);
    expect(b.log).toEqual([]);
    expect(leases.lease?.spec?.holderIdentity).toBe("a");
  });

  it("a standby takes over an expired lease, counting one transition", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    let frozen = false;
    // "a" is a process that stops dead: from then on its requests never complete.
    const aView: LeaseApi = {
      get: () => (frozen ? new Promise(() => {}) : leases.get()),
      create: (lease) => (frozen ? new Promise(() => {}) : leases.create(lease)),
      replace: (lease) => (frozen ? new Promise(() => {}) : leases.replace(lease)),
    };
    candidate(aView, clock, "a");
    await flushMicrotasks();
    const b = candidate(leases, clock, "b");
    await clock.advance(5_000);
    frozen = true;
    const lastRenew = Date.parse(leases.lease?.spec?.renewTime ?? "");
    await clock.advance(14_000);
    expect(b.elector.isLeader()).toBe(false);
    await clock.advance(4_000);
    expect(b.elector.isLeader()).toBe(true);
    const acquired = Date.parse(leases.lease?.spec?.acquireTime ?? "");
    expect(acquired - lastRenew).toBeGreaterThan(15_000);
    expect(acquired - lastRenew).toBeLessThanOrEqual(15_000 + 2_000);
    expect(leases.lease?.spec?.leaseTransitions).toBe(1);
  });

  it("stops leading when renewals fail for the renew deadline, before the lease expires", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    const a = candidate(leases, clock, "a");
    await flushMicrotasks();
    const lastRenew = clock.now();
    leases.failing = true;
    await clock.advance(9_000);
    expect(a.elector.isLeader()).toBe(true);
    await clock.advance(1_000);
    await a.done;
    expect(clock.now() - lastRenew).toBeLessThan(15_000);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.workSignal()?.aborted).toBe(true);
    expect(a.log).toEqual(["started", "stopped"]);
  });

  it("stops leading at once when another holder has taken the lease", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    const a = candidate(leases, clock, "a");
    await flushMicrotasks();
    const spec = { ...leases.lease?.spec, holderIdentity: "intruder", renewTime: microTime(clock.now()) };
    await leases.replace({ metadata: leases.lease?.metadata, spec });
    await clock.advance(2_000);
    await a.done;
    expect(a.log).toEqual(["started", "stopped"]);
    expect(leases.lease?.spec?.holderIdentity).toBe("intruder");
  });

  it("loses a create race without leading (409)", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    const racing: LeaseApi = {
      get: () => Promise.resolve(undefined),
      create: (lease) => leases.create(lease).then(() => leases.create(lease)),
      replace: (lease) => leases.replace(lease),
    };
    const a = candidate(racing, clock, "a");
    await flushMicrotasks();
    expect(a.elector.isLeader()).toBe(false);
  });

  it("on graceful stop, keeps renewing until the work ends, then releases so a standby takes over at once", async () => {
    const clock = new FakeClock();
    const leases = new MemoryLeases();
    let finishWork = () => {};
    const a = candidate(leases, clock, "a", {
      onStartedLeading: () => new Promise<void>((resolve) => (finishWork = resolve)),
    });
    await flushMicrotasks();
    const b = candidate(leases, clock, "b");
    await flushMicrotasks();
    a.stop.abort();
    await clock.advance(30_000);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.elector.isLeader()).toBe(false);
    finishWork();
    await a.done;
    expect(leases.lease?.spec?.holderIdentity).toBe("");
    const released = clock.now();
    await clock.advance(2_000);
    expect(b.elector.isLeader()).toBe(true);
    expect(clock.now() - released).toBeLessThanOrEqual(2_000);
  });

  it("exports leader_election_master_status", async () => {
    const clock = new FakeClock();
    const registry = new Registry();
    const a = candidate(new MemoryLeases(), clock, "a", { registry });
    await flushMicrotasks();
    expect(await registry.metrics()).toContain('leader_election_master_status{name="op"} 1');
    a.stop.abort();
    await clock.advance(2_000);
    await a.done;
    expect(await registry.metrics()).toContain('leader_election_master_status{name="op"} 0');
  });

  it("refuses timings that would allow two leaders", () => {
    const base = { leases: new MemoryLeases(), namespace: "ns", name: "op", onStartedLeading: () => {} };
    expect(() => new LeaderElector({ ...base, leaseDurationMs: 5_000, renewDeadlineMs: 5_000 })).toThrow(
      RangeError,
    );
  });
});
