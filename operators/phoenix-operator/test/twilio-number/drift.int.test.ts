// Someone changes a number's webhooks at Twilio behind the operator's back (the console, a
// script): the periodic resync notices and points the number back at the platform.
import { beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import { publicBaseUrl, startOperator } from "../harness.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";
import {
  callCount,
  createTwilioNumber,
  eventsAbout,
  ops,
  reconcileCount,
  waitEvent,
  waitReady,
  waitReconciles,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

const resyncMs = 1500;

describe("webhook drift at Twilio", () => {
  let env: OperatorEnvironment;
  let operator: OperatorProcess;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-drift");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    operator = await startOperator(env, { RESYNC_PERIOD_MS: String(resyncMs) });
  });
  /** Resolves after `count` more reconciles of the one TwilioNumber (a resync brings one each). */
  const afterReconciles = async (count: number) =>
    waitReconciles(operator.url, await reconcileCount(operator.url), count);

  const numberAt = async (sid: string) =>
    (await env.emulator.control.state()).numbers?.find((n) => n.sid === sid);

  it("is repaired on the next resync, once, with a WebhookRepaired Event", async () => {
    await createTwilioNumber(env, "drifty");
    const ready = await waitReady(env, "drifty");
    const sid = ready.status!.sid!;
    const desired = {
      smsUrl: `${publicBaseUrl}/twilio/sms`,
      statusCallback: `${publicBaseUrl}/twilio/status`,
    };
    expect(await numberAt(sid)).toMatchObject(desired);
    // A quiet resync: nothing drifted, nothing is written (two reconciles: at least one resync).
    await afterReconciles(2);
    expect(callCount(await env.emulator.control.state(), ops.update)).toBe(0);

    await env.emulator.control.updateNumber(sid, {
      smsUrl: "https://hijack.example/sms",
      statusCallback: "https://hijack.example/status",
    });
    const changedAt = Date.now();
    await eventually(
      "the webhooks to be repaired",
      async () => {
        const number = await numberAt(sid);
        return number?.smsUrl === desired.smsUrl && number.statusCallback === desired.statusCallback
          ? number
          : undefined;
      },
      4 * resyncMs + 5000,
    );
    // Within one resync period (plus a reconcile), not by luck of some later event.
    expect(Date.now() - changedAt).toBeLessThan(resyncMs + 3000);
    const repaired = await waitEvent(env, "drifty", "WebhookRepaired");
    expect(repaired).toMatchObject({ type: "Normal", action: "ConfigureWebhook" });
    expect(repaired.note).toContain("https://hijack.example/sms");

    // Repaired once; later resyncs (three reconciles' worth) find nothing to do.
    await afterReconciles(3);
    const state = await env.emulator.control.state();
    expect(callCount(state, ops.update)).toBe(1);
    expect(callCount(state, ops.buy)).toBe(1);
    expect(state.audit.map((a) => a.kind)).toEqual(["purchase", "drift"]);
    expect((await eventsAbout(env, "drifty")).filter((e) => e.reason === "WebhookRepaired")).toHaveLength(1);
    expect(await waitReady(env, "drifty")).toMatchObject({ status: { sid } });
  });
});
