// Twilio pushing back: a storm of 429s (with Retry-After) and bursts of 5xx. Every resource
// still ends Ready with one number bought once, and the calls the operator made stay within
// budgets derived from the failures injected: a counted storm costs at most one retried
// reconcile per failure (no amplification), and an open-ended storm costs calls that grow with
// the log of its length (per-key exponential backoff), not with time (no hot loop).
import { beforeAll, describe, expect, it } from "vitest";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import {
  callCount,
  createTwilioNumber,
  isReady,
  ops,
  quietWindow,
  scrape,
  totalCalls,
  waitQueueIdle,
  waitReady,
  setupTwilioNumberEnvironment,
} from "./probes.ts";
import type { StateView } from "./probes.ts";

/** Resources created at once, in each phase. */
const N = 8;
/**
 * The most Twilio calls one reconcile makes before it ends or fails: list by FriendlyName, search,
 * buy (the webhooks are set by the buy itself). A failed call ends its reconcile, which is retried.
 */
const callsPerReconcile = 3;
/** The work queue's per-key backoff: the first retry within 100 ms, doubling (WorkQueue default). */
const backoffBaseMs = 100;
/**
 * How long a settled operator is watched for a call it should not make. A negative assertion,
 * hence a window: a hot loop or a periodic call would show within it (backoffs here are
 * 100 ms doubling, Retry-After 1 s), and no signal marks "nothing scheduled".
 */
const QUIET_WINDOW_MS = 3000;

describe("Twilio rate limits and server errors", () => {
  let env: OperatorEnvironment;
  let operator: OperatorProcess;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-429");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env);
  });

  const provision = async (prefix: string) => {
    const names = Array.from({ length: N }, (_, i) => `${prefix}-${i}`);
    await Promise.all(names.map((name) => createTwilioNumber(env, name)));
    const ready = await Promise.all(names.map((name) => waitReady(env, name, 90_000)));
    // Every reconcile queued so far (e.g. by our own status writes) has run.
    await waitQueueIdle(operator.url);
    return ready;
  };
  const calls = async () => totalCalls(await env.emulator.control.state());

  it("ends Ready after a 429 storm and 5xx bursts, within a call budget set by the failures", async () => {
    // Fault-free first: what N resources cost without failures, on this operator.
    const fresh = await provision("calm");
    expect(fresh.every(isReady)).toBe(true);
    const baseline = await calls();

    const storm = { status: 429, count: 20, retryAfterSeconds: 1 };
    const bursts = [
      { status: 503, count: 4, nth: 24 },
      { status: 500, count: 3, nth: 32 },
      { operation: ops.buy, status: 502, count: 2 },
    ];
    await env.emulator.control.addFaults({ failures: [storm, ...bursts] });
    const failures = storm.count + bursts.reduce((sum, b) => sum + b.count, 0);

    const stormy = await provision("stormy");
    const state: StateView = await env.emulator.control.state();
    const stormCalls = totalCalls(state) - baseline;

    // Every failure was served (none left over), and each resource has its own number.
    expect((state.faults as { rules: unknown[] }).rules).toEqual([]);
    const failed = Object.values(state.calls).reduce(
      (sum, s) =>
        sum + Object.entries(s.byStatus).reduce((n, [code, c]) => n + (Number(code) >= 400 ? c : 0), 0),
      0,
    );
    expect(failed).toBe(failures);
    expect(new Set(stormy.map((tn) => tn.status!.phoneNumber)).size).toBe(N);
    expect(callCount(state, ops.buy, 201)).toBe(2 * N);
    // The operator saw them as Twilio errors (twilio_requests_total by code).
    expect(await scrape(operator.url, "twilio_requests_total", { code: "20429" })).toBe(storm.count);

    // The budget: the fault-free cost plus, per failure, one more reconcile.
    const budget = baseline + failures * callsPerReconcile;
    expect(stormCalls).toBeLessThanOrEqual(budget);

    // And once Ready, quiet: no call at all for a while (no resync configured here).
    const settled = await calls();
    await quietWindow(QUIET_WINDOW_MS);
    expect(await calls()).toBe(settled);
  });

  it("backs off under an open-ended 429 storm: calls grow with its log, not its length", async () => {
    const stormMs = 5000;
    await env.emulator.control.addFaults({
      failures: [{ status: 429, count: 1_000_000, retryAfterSeconds: 1 }],
    });
    const before = await calls();
    const names = Array.from({ length: N }, (_, i) => `endless-${i}`);
    await Promise.all(names.map((name) => createTwilioNumber(env, name)));
    // The storm's length is what the budget below is a function of: a window by design.
    await quietWindow(stormMs);
    const during = (await calls()) - before;
    await env.emulator.control.clearFaults();

    // Full-jitter exponential backoff retries a key about log2(T / base) + 1 times in T; allow
    // twice that. A retry loop without backoff would make thousands of calls in 5 s, and even
    // the queue's global retry limit alone (10/s, burst 100) would allow 150.
    const perKey = Math.ceil(2 * (Math.log2(stormMs / backoffBaseMs) + 1));
    expect(during).toBeGreaterThanOrEqual(N); // the storm did hit every resource
    expect(during).toBeLessThanOrEqual(N * perKey);

    const ready = await Promise.all(names.map((name) => waitReady(env, name, 90_000)));
    expect(new Set(ready.map((tn) => tn.status!.phoneNumber)).size).toBe(N);
  });
});
