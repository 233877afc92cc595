// A release Twilio refuses is visible and retried: while a deleted TwilioNumber's number cannot
// be released (Twilio's DELETE answers 5xx, or a business error), the resource says so where
// `kubectl get` and `kubectl describe` look — Ready=False and Released=False with the reason
// ReleaseFailed and Twilio's code, a Warning Event with the same reason — and keeps its
// finalizer while the work queue retries; once Twilio releases the number, the resource goes.
import { beforeAll, describe, expect, it } from "vitest";
import { kubectl } from "../../../../test/support/crds.ts";
import { eventually } from "../../../../test/support/kube.ts";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import {
  callCount,
  condition,
  createTwilioNumber,
  deleteTwilioNumber,
  findTwilioNumber,
  ops,
  setupTwilioNumberEnvironment,
  waitEvent,
  waitGone,
  waitReady,
} from "./probes.ts";

describe("a release Twilio refuses", () => {
  let env: OperatorEnvironment;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-release");
    return () => env.teardown();
  });
  beforeAll(async () => {
    await startOperator(env);
  });

  it.each([
    { case: "Twilio unavailable (503)", name: "unavailable", status: 503, code: 20503, message: undefined },
    {
      case: "a business error (400 with Twilio's code)",
      name: "refused",
      status: 400,
      code: 21649,
      message: "The phone number is under regulatory review and cannot be released",
    },
  ])(
    "$case: ReleaseFailed with the code and a Warning Event, the finalizer kept, retried; released once Twilio answers",
    async ({ name, status, code, message }) => {
      await createTwilioNumber(env, name);
      const ready = await waitReady(env, name);
      const sid = ready.status!.sid!;
      // Every DELETE fails until the fault is cleared.
      await env.emulator.control.addFaults({
        failures: [{ operation: ops.release, status, code, count: 10_000, ...(message && { message }) }],
      });
      await deleteTwilioNumber(env, name);

      const failing = await eventually(`${name} to say its release failed`, async () => {
        const tn = await findTwilioNumber(env, name);
        return condition(tn, "Released")?.reason === "ReleaseFailed" ? tn : undefined;
      });
      for (const type of ["Ready", "Released"]) {
        expect(condition(failing, type), type).toMatchObject({ status: "False", reason: "ReleaseFailed" });
        expect(condition(failing, type)?.message, type).toContain(`releasing ${sid} failed`);
        expect(condition(failing, type)?.message, type).toContain(`HTTP ${status}, code ${code}`);
      }
      expect(failing.metadata.deletionTimestamp).toBeDefined();
      expect(failing.metadata.finalizers).toContain("phoenix.dev/twilio-number");

      const warning = await waitEvent(env, name, "ReleaseFailed");
      expect(warning).toMatchObject({ type: "Warning", action: "Release" });
      expect(warning.note).toContain(`code ${code}`);

      // What a person sees: the reason in `kubectl get`, Twilio's code with -o wide and in describe.
      const ns = env.namespace;
      expect(await kubectl("get", "twilionumber", name, "-n", ns)).toMatch(/\bFalse\s+ReleaseFailed\b/);
      expect(await kubectl("get", "twilionumber", name, "-n", ns, "-o", "wide")).toContain(`code ${code}`);
      const described = await kubectl("describe", "twilionumber", name, "-n", ns);
      expect(described).toMatch(/Warning\s+ReleaseFailed/);
      expect(described).toContain(`code ${code}`);

      // The work queue retries (with backoff): more refused DELETEs, and the resource stays.
      await eventually("the release retried", async () => {
        const state = await env.emulator.control.state();
        return callCount(state, ops.release, status) >= 2 ? true : undefined;
      });
      const stillThere = await findTwilioNumber(env, name);
      expect(stillThere?.metadata.finalizers).toContain("phoenix.dev/twilio-number");
      expect((await env.emulator.control.state()).numbers?.some((n) => n.sid === sid)).toBe(true);

      await env.emulator.control.clearFaults();
      await waitGone(env, name, 60_000);
      expect((await env.emulator.control.state()).numbers?.some((n) => n.sid === sid)).toBe(false);
    },
  );
});
