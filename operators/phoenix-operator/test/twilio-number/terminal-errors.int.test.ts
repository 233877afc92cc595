// Twilio business errors that retrying cannot fix: the resource says why (Ready=False with a
// specific reason, for its generation), the operator stops calling Twilio about it — across
// resyncs — and a spec change starts over. (Specs the API server itself refuses, e.g. a changed
// userId → "userId is immutable", are covered by packages/crds/test/crds.int.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import {
  callCount,
  condition,
  createTwilioNumber,
  getTwilioNumber,
  ops,
  patchSpec,
  reconcileCount,
  totalCalls,
  waitEvent,
  waitReady,
  waitReadyReason,
  waitReconciles,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

const resyncMs = 1500;

const reservedAnnotation = "phoenix.dev/reserved-number";

describe("terminal Twilio errors", () => {
  let env: OperatorEnvironment;
  let operator: OperatorProcess;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-terminal");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { RESYNC_PERIOD_MS: String(resyncMs) });
  });

  /**
   * Resolves after `rounds` more passes over the `objects` TwilioNumbers of the namespace, counted
   * in the operator's reconciles (each resync brings one per object): the clock of "no call".
   */
  const afterReconcileRounds = async (objects: number, rounds: number) =>
    waitReconciles(operator.url, await reconcileCount(operator.url), objects * rounds);

  it("no numbers in the area code: NoNumbersAvailable, no more Twilio calls, Ready once the spec changes", async () => {
    await createTwilioNumber(env, "nowhere", { areaCode: "999" });
    const failed = await waitReadyReason(env, "nowhere", "NoNumbersAvailable");
    expect(condition(failed, "Ready")).toMatchObject({ status: "False", observedGeneration: 1 });
    expect(condition(failed, "Provisioned")).toMatchObject({ status: "False", reason: "NoNumbersAvailable" });
    expect(failed.status?.observedGeneration).toBe(1);
    expect(condition(failed, "Ready")?.message).toContain("areaCode=999");
    await waitEvent(env, "nowhere", "NoNumbersAvailable");

    // One more pass, so whatever was queued behind the failing reconcile has run; then three
    // resyncs' worth of reconciles of this, the only TwilioNumber yet, without a Twilio call.
    await afterReconcileRounds(1, 1);
    const before = await env.emulator.control.state();
    expect(callCount(before, ops.search)).toBeGreaterThanOrEqual(1);
    await afterReconcileRounds(1, 3);
    const after = await env.emulator.control.state();
    expect(totalCalls(after)).toBe(totalCalls(before));
    expect(callCount(after, ops.buy)).toBe(0);

    await patchSpec(env, "nowhere", { areaCode: "415" });
    const ready = await waitReady(env, "nowhere");
    expect(ready.status?.phoneNumber).toMatch(/^\+1415/);
    expect(ready.status?.observedGeneration).toBe(2);
    expect(condition(ready, "Ready")?.observedGeneration).toBe(2);
  });

  it("the chosen number taken before it was bought: NumberNotAvailable, and a spec change searches again", async () => {
    // The buy waits at the emulator; meanwhile someone else takes the chosen number, so Twilio
    // answers 21422 — for this number, every time.
    await env.emulator.control.addFaults({ latencyMs: { [ops.buy]: 1500 } });
    await createTwilioNumber(env, "taken", { areaCode: "415" });
    const chosen = await eventually("a number chosen for taken", async () => {
      return (await getTwilioNumber(env, "taken")).metadata.annotations?.[reservedAnnotation];
    });
    await env.emulator.control.seedAvailable("415", { numbers: ["+14155559901", "+14155559902"] });
    await env.emulator.control.addFaults({ latencyMs: { [ops.buy]: 0 } });

    const failed = await waitReadyReason(env, "taken", "NumberNotAvailable");
    expect(condition(failed, "Ready")).toMatchObject({ status: "False", observedGeneration: 1 });
    expect(condition(failed, "Ready")?.message).toContain(chosen);
    // A failed choice is no choice: neither the annotation nor the status keeps it.
    expect(failed.metadata.annotations?.[reservedAnnotation]).toBeUndefined();
    expect(failed.status?.reservedNumber).toBeUndefined();
    // The same with two TwilioNumbers now ("nowhere" is Ready): no buy over three more passes.
    await afterReconcileRounds(2, 1);
    const buysBefore = callCount(await env.emulator.control.state(), ops.buy);
    await afterReconcileRounds(2, 3);
    expect(callCount(await env.emulator.control.state(), ops.buy)).toBe(buysBefore);

    // The old choice (a 415 number nobody can buy) must not survive the spec change.
    await patchSpec(env, "taken", { areaCode: "212" });
    const ready = await waitReady(env, "taken");
    expect(ready.status?.phoneNumber).toMatch(/^\+1212/);
    expect(ready.status?.reservedNumber).toBe(ready.status?.phoneNumber);
    expect(ready.status?.observedGeneration).toBe(2);
  });
});
