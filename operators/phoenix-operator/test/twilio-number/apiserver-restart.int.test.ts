// The real kube-apiserver SIGKILLed mid-run and restarted with tools/cluster.sh; TwilioNumbers
// are created, changed and deleted right after it is back, while the operator is still finding
// its way back. Which operator reconciles them depends on the outage against the renew deadline,
// deliberately, in two namespaces at once (one outage serves both):
// - "rider": renew deadline (45 s) longer than the outage. The leader keeps its Lease (nobody
//   else may take it before it expires), so the same process, never restarted, rides the outage
//   out: its reflector relists or re-watches, and it reconciles everything changed meanwhile.
// - "stepper": renew deadline (1 s) shorter than the outage. The leader cannot prove it still
//   holds the Lease, so it stops leading and the process exits (main.ts) — no stale replica
//   keeps reconciling. Its replacement, started as the kubelet would restart the container,
//   takes the expired Lease and reconciles everything changed while none was running.
// Both are correct; what must never happen is a leader that kept working past its deadline.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import type { KubeObject } from "@phoenix/kube/kube-client";
import { clusterUp, ensureClusterHealthy, killApiServer, waitReaped } from "../api-server.ts";
import { publicBaseUrl, startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import {
  admin,
  callCount,
  createTwilioNumber,
  deleteTwilioNumber,
  ops,
  patchSpec,
  scrape,
  setupTwilioNumberEnvironment,
  waitGone,
  waitReady,
} from "./probes.ts";

const rider = { LEASE_DURATION_MS: "60000", RENEW_DEADLINE_MS: "45000", RETRY_PERIOD_MS: "1000" };
const stepper = { LEASE_DURATION_MS: "2000", RENEW_DEADLINE_MS: "1000", RETRY_PERIOD_MS: "200" };
const leaseType = { group: "coordination.k8s.io", version: "v1", plural: "leases" };

interface Lease extends KubeObject {
  spec?: { holderIdentity?: string; leaseTransitions?: number };
}

const timeout = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        reject(new Error(`${what} within ${ms} ms`));
      }, ms),
    ),
  ]);

describe("the API server restarted mid-run", () => {
  const envs: Record<"ride" | "step", OperatorEnvironment | undefined> = { ride: undefined, step: undefined };

  beforeAll(async () => {
    envs.ride = await setupTwilioNumberEnvironment("twn-ride");
    envs.step = await setupTwilioNumberEnvironment("twn-step");
  });
  afterAll(async () => {
    // First the control plane, whatever happened: everything else needs it.
    await ensureClusterHealthy();
    // Each stops its operators once they have released the TwilioNumbers left.
    await envs.ride?.teardown();
    await envs.step?.teardown();
  });

  const lease = (env: OperatorEnvironment) =>
    admin.get<Lease>(leaseType, { namespace: env.namespace, name: "phoenix-operator" });

  /** Three Ready numbers: one kept as is, one to change, one to delete. */
  const provision = async (env: OperatorEnvironment): Promise<Record<string, TwilioNumber>> => {
    const names = ["keep", "change", "doomed"];
    await Promise.all(names.map((name) => createTwilioNumber(env, name)));
    const ready = await Promise.all(names.map((name) => waitReady(env, name)));
    return Object.fromEntries(names.map((name, i) => [name, ready[i]!]));
  };

  /** Changes made the moment the server is back, before any operator has caught up. */
  const change = async (env: OperatorEnvironment) => {
    await createTwilioNumber(env, "born");
    await patchSpec(env, "change", { smsWebhookPath: "/twilio/sms/v2" });
    await deleteTwilioNumber(env, "doomed");
  };

  const reconciled = async (
    env: OperatorEnvironment,
    before: Record<string, { status?: { sid?: string } }>,
  ) => {
    await waitReady(env, "born", 60_000);
    await waitGone(env, "doomed", 60_000);
    await eventually(
      "the changed webhook at Twilio",
      async () => {
        const state = await env.emulator.control.state();
        const number = state.numbers?.find((n) => n.sid === before["change"]?.status?.sid);
        return number?.smsUrl === `${publicBaseUrl}/twilio/sms/v2` ? true : undefined;
      },
      60_000,
    );
    const state = await env.emulator.control.state();
    const owned = new Set((state.numbers ?? []).map((n) => n.sid));
    expect(owned.has(before["doomed"]!.status!.sid!)).toBe(false); // released
    expect(owned.has(before["keep"]!.status!.sid!)).toBe(true);
    expect((await waitReady(env, "keep")).status?.sid).toBe(before["keep"]!.status!.sid);
    expect(callCount(state, ops.buy)).toBe(4); // three before, "born" after: nothing bought twice
  };

  it("the operator recovers and reconciles what changed while it was away", async () => {
    const ride = envs.ride!;
    const step = envs.step!;
    const riding = await startOperator(ride, { ...rider, POD_NAME: "rider" });
    const stepping = await startOperator(step, { ...stepper, POD_NAME: "stepper-1" });
    const [rideBefore, stepBefore] = await Promise.all([provision(ride), provision(step)]);
    const rideLease = (await lease(ride)).spec;
    expect(rideLease).toMatchObject({ holderIdentity: "rider" });

    const killedAt = Date.now();
    const pid = killApiServer();
    // Back only once the short-deadline leader has given up: the outage is longer than its
    // renew deadline by construction, and far shorter than the rider's (45 s).
    await timeout(stepping.exited, 15_000, "the stepper to exit after losing its lease");
    const stepperExitMs = Date.now() - killedAt;
    await waitReaped(pid);
    await clusterUp();
    const outageMs = Date.now() - killedAt;
    console.log(`kube-apiserver down ${outageMs} ms; the stepper exited after ${stepperExitMs} ms`);
    expect(stepping.logs.some((line) => line.includes("lost the lease"))).toBe(true);
    expect(stepperExitMs).toBeLessThan(Number(stepper.RENEW_DEADLINE_MS) + 5000);
    expect(outageMs, `outage ${outageMs} ms vs the rider's renew deadline`).toBeLessThan(
      Number(rider.RENEW_DEADLINE_MS),
    );
    expect(riding.child.exitCode).toBeNull();

    await Promise.all([change(ride), change(step)]);
    // The kubelet would restart the stepper's container; here the test does.
    await startOperator(step, { ...stepper, POD_NAME: "stepper-2" });

    await Promise.all([reconciled(ride, rideBefore), reconciled(step, stepBefore)]);

    // The rider: the same process, still leading, its Lease never changed hands.
    expect(riding.child.exitCode).toBeNull();
    expect(await scrape(riding.url, "leader_election_master_status")).toBe(1);
    expect((await lease(ride)).spec).toMatchObject({
      holderIdentity: "rider",
      leaseTransitions: rideLease?.leaseTransitions ?? 0,
    });
    // The stepper: its replacement took the expired Lease over.
    expect((await lease(step)).spec).toMatchObject({ holderIdentity: "stepper-2" });
  });
});
