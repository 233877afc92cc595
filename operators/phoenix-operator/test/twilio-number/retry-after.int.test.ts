// Twilio answers 429 with Retry-After: the operator waits that long before it calls Twilio again —
// for the resource that got the 429 (its retry) and for every other one (Twilio's limits are per
// account) — instead of retrying after its own, much shorter, first backoff.
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import {
  callCount,
  createTwilioNumber,
  ops,
  quietWindow,
  totalCalls,
  waitReady,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

const retryAfterSeconds = 3;

describe("Twilio's Retry-After", () => {
  let env: OperatorEnvironment;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-retry-after");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    await startOperator(env);
  });

  it("holds every Twilio call of the account until it has passed, then provisions", async () => {
    await env.emulator.control.addFaults({
      failures: [{ operation: ops.buy, status: 429, count: 1, retryAfterSeconds }],
    });
    await createTwilioNumber(env, "throttled");
    const throttledAt = await eventually("the 429 on the purchase", async () => {
      const state = await env.emulator.control.state();
      return callCount(state, ops.buy, 429) === 1 ? Date.now() : undefined;
    });
    const callsAt429 = totalCalls(await env.emulator.control.state());
    // Another resource needing Twilio meanwhile must wait too.
    await createTwilioNumber(env, "bystander");

    // Well inside the pause (allowing for the polling above): no call at all, from either. A
    // negative assertion over a span of wall-clock time (Retry-After's own unit), so a window;
    // the emulator keeps counts, not times, so nothing else could tell a call inside it.
    await quietWindow(retryAfterSeconds * 1000 - 1000 - (Date.now() - throttledAt));
    expect(totalCalls(await env.emulator.control.state())).toBe(callsAt429);

    const [throttled, bystander] = await Promise.all([
      waitReady(env, "throttled"),
      waitReady(env, "bystander"),
    ]);
    expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(retryAfterSeconds * 1000 - 500);
    expect(throttled.status?.phoneNumber).not.toBe(bystander.status?.phoneNumber);
    const state = await env.emulator.control.state();
    expect(callCount(state, ops.buy, 201)).toBe(2);
  });
});
