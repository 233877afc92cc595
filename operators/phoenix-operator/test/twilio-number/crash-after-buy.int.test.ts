// The operator dies after Twilio committed a purchase and before the operator learned of it:
// the emulator holds back the answer to the buy (its effect has happened), the process is
// SIGKILLed meanwhile, and a new process must adopt the number tagged with the resource's
// FriendlyName instead of buying a second one.
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import {
  callCount,
  condition,
  createTwilioNumber,
  getTwilioNumber,
  ops,
  ownedTagged,
  reconcileCount,
  tagOf,
  waitEvent,
  waitReady,
  waitReconciles,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

describe("a crash between buying a number and recording it", () => {
  let env: OperatorEnvironment;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-crash");
    // Stops the operators once one of them has released the TwilioNumbers left.
    return () => env.teardown();
  });

  it("is recovered by adopting the tagged number: bought exactly once", async () => {
    // Far longer than the test: the first process never sees the 201.
    await env.emulator.control.addFaults({ responseDelayMs: { [ops.buy]: 60_000 } });
    const first = await startOperator(env, { TWILIO_TIMEOUT_MS: "120000" });
    const created = await createTwilioNumber(env, "crash");
    const tag = tagOf(created);

    const bought = await eventually("the purchase at the emulator", async () => {
      const [number] = ownedTagged(await env.emulator.control.state(), tag);
      return number;
    });
    first.child.kill("SIGKILL");
    await first.exited;

    // The dead process got as far as recording its choice with the finalizer (one write, ADR
    // 0011), never the purchase itself: nothing in status yet.
    const orphaned = await getTwilioNumber(env, "crash");
    expect(orphaned.metadata.annotations?.["phoenix.dev/reserved-number"]).toBe(bought.phoneNumber);
    expect(orphaned.metadata.finalizers).toContain("phoenix.dev/twilio-number");
    expect(orphaned.status?.sid).toBeUndefined();
    expect(orphaned.status?.conditions ?? []).toEqual([]);

    await env.emulator.control.clearFaults();
    // A short resync, so that the successor provably reconciles the number again after adopting it.
    const successor = await startOperator(env, { RESYNC_PERIOD_MS: "500" });

    const ready = await waitReady(env, "crash");
    expect(ready.status).toMatchObject({
      phoneNumber: bought.phoneNumber,
      sid: bought.sid,
      observedGeneration: ready.metadata.generation,
    });
    await waitEvent(env, "crash", "Adopted");
    // Still says so once the successor has reconciled it twice more (the second one started
    // after the first ended, so after the adoption was recorded).
    await waitReconciles(successor.url, await reconcileCount(successor.url), 2);
    const settled = await getTwilioNumber(env, "crash");
    expect(condition(settled, "Provisioned")).toMatchObject({ status: "True", reason: "Adopted" });
    expect(settled.status?.sid).toBe(bought.sid);

    const state = await env.emulator.control.state();
    expect(callCount(state, ops.buy)).toBe(1);
    expect(ownedTagged(state, tag)).toHaveLength(1);
    expect(state.audit.filter((a) => a.kind === "purchase")).toHaveLength(1);
  });
});
