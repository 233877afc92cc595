// Two operator processes on one Lease (3 s): one leads and reconciles, the other stands by and
// reconciles nothing; SIGKILL the leader (no release, as when its node dies) and the standby
// reconciles a new TwilioNumber within the lease duration. Both /metrics are sampled throughout:
// never two leaders at once.
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import type { KubeObject } from "@phoenix/kube/kube-client";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import {
  admin,
  callCount,
  createTwilioNumber,
  ops,
  scrape,
  waitEvent,
  waitReady,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

const leaseMs = 3000;
const timing = { LEASE_DURATION_MS: String(leaseMs), RENEW_DEADLINE_MS: "2000", RETRY_PERIOD_MS: "500" };
const leaseType = { group: "coordination.k8s.io", version: "v1", plural: "leases" };

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseTransitions?: number; renewTime?: string };
}

/** The sampler's period: how often both /metrics are read. */
const samplePeriod = () => new Promise((resolve) => setTimeout(resolve, 100));

interface Sample {
  at: number;
  leaders: string[];
}

/** Samples every process's leader_election_master_status every 100 ms until stopped. */
function sampleLeadership(processes: Record<string, OperatorProcess>) {
  const samples: Sample[] = [];
  let running = true;
  const loop = async () => {
    while (running) {
      const entries = Object.entries(processes);
      // A process that does not answer (killed) is not leading.
      const statuses = await Promise.all(
        entries.map(([, p]) => scrape(p.url, "leader_election_master_status")),
      );
      samples.push({
        at: Date.now(),
        leaders: entries.filter((_, i) => statuses[i] === 1).map(([name]) => name),
      });
      await samplePeriod();
    }
  };
  const done = loop();
  return {
    samples,
    overlaps: () => samples.filter((s) => s.leaders.length > 1),
    /** The first sample at or after `since` at which `name` led. */
    firstLeading: (name: string, since: number) =>
      samples.find((s) => s.at >= since && s.leaders.includes(name))?.at,
    async stop() {
      running = false;
      await done;
    },
  };
}

describe("leader election between two operator processes", () => {
  let env: OperatorEnvironment;
  const processes: Record<string, OperatorProcess> = {};

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-leader");
    // Stops both processes once the leader has released the TwilioNumbers left.
    return () => env.teardown();
  });

  const lease = () => admin.get<Lease>(leaseType, { namespace: env.namespace, name: "phoenix-operator" });
  const reconciles = (p: OperatorProcess) => scrape(p.url, "reconcile_total", { controller: "twilionumber" });

  it("one leads; a SIGKILLed leader is replaced within the lease duration; never two at once", async () => {
    const a = await startOperator(env, { ...timing, POD_NAME: "op-a" });
    processes["op-a"] = a;
    await eventually("op-a to lead", async () =>
      (await scrape(a.url, "leader_election_master_status")) === 1 ? true : undefined,
    );
    const b = await startOperator(env, { ...timing, POD_NAME: "op-b" });
    const bStartedAt = Date.now();
    processes["op-b"] = b;
    const sampler = sampleLeadership(processes);
    try {
      await createTwilioNumber(env, "before");
      await waitReady(env, "before");
      expect((await waitEvent(env, "before", "Provisioned")).reportingInstance).toBe("op-a");
      // Two lease durations with a live leader: the standby stays a standby and reconciles nothing.
      // A negative assertion, so time must pass; its end is read from the Lease: op-a renewed it
      // two lease durations after op-b started (op-b, which has seen op-a lead, could only take
      // it over after one without a renewal).
      const bSawA = () =>
        b.logs.some((line) => line.includes("observed a new leader") && line.includes('"holder":"op-a"'));
      await eventually("op-b to see op-a lead", () => Promise.resolve(bSawA() || undefined));
      await eventually(
        "op-a to renew the Lease two lease durations after op-b started",
        async () => {
          const spec = (await lease()).spec;
          return spec?.holderIdentity === "op-a" &&
            Date.parse(spec.renewTime ?? "") >= bStartedAt + 2 * leaseMs
            ? true
            : undefined;
        },
        4 * leaseMs,
      );
      expect((await lease()).spec).toMatchObject({ holderIdentity: "op-a" });
      expect(await scrape(b.url, "leader_election_master_status")).toBe(0);
      expect(await reconciles(b)).toBe(0);
      expect(await reconciles(a)).toBeGreaterThan(0);
      const transitions = (await lease()).spec?.leaseTransitions ?? 0;

      const killedAt = Date.now();
      a.child.kill("SIGKILL");
      await createTwilioNumber(env, "after");
      const ready = await waitReady(env, "after", 4 * leaseMs);
      const readyAt = Date.now();
      // The sampler has caught up with that moment (a sample may still be in flight).
      await eventually("a leadership sample after Ready", () =>
        Promise.resolve(sampler.samples.some((s) => s.at >= readyAt) || undefined),
      );
      const takeover = sampler.firstLeading("op-b", killedAt);
      expect(takeover).toBeDefined();
      // The old lease runs out, then the standby's next retry (every 0.5 s, +20% jitter) takes it.
      expect(takeover! - killedAt).toBeLessThanOrEqual(leaseMs + 1000);
      // ... and it lists, syncs and provisions within a little more.
      expect(readyAt - killedAt).toBeLessThanOrEqual(leaseMs + 3000);
      expect(ready.status?.phoneNumber).toBeDefined();
      expect((await waitEvent(env, "after", "Provisioned")).reportingInstance).toBe("op-b");
      expect((await lease()).spec).toMatchObject({
        holderIdentity: "op-b",
        leaseTransitions: transitions + 1,
      });
      expect(callCount(await env.emulator.control.state(), ops.buy)).toBe(2);
    } finally {
      await sampler.stop();
    }
    expect(sampler.samples.length).toBeGreaterThan(50);
    expect(sampler.overlaps()).toEqual([]);
  });
});
