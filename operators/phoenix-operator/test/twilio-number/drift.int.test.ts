// Someone changes a number's webhooks at Twilio behind the operator's back (the console, a
// script): the periodic resync notices and points the number back at the platform.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../../../../test/support/kube.ts";
import { publicBaseUrl, startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import {
  callCount,
  createTwilioNumber,
  delay,
  eventsAbout,
  ops,
  waitEvent,
  waitReady,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

const resyncMs = 1500;

describe("webhook drift at Twilio", () => {
  let env: OperatorEnvironment;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-drift");
    await startOperator(env, { RESYNC_PERIOD_MS: String(resyncMs) });
  });
  afterAll(async () => {
    // Stops the operator once it has released the TwilioNumbers left.
    await env?.teardown();
  });

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
    // A quiet resync: nothing drifted, nothing is written.
    await delay(2 * resyncMs);
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

    // Repaired once; later resyncs find nothing to do.
    await delay(3 * resyncMs);
    const state = await env.emulator.control.state();
    expect(callCount(state, ops.update)).toBe(1);
    expect(callCount(state, ops.buy)).toBe(1);
    expect(state.audit.map((a) => a.kind)).toEqual(["purchase", "drift"]);
    expect((await eventsAbout(env, "drifty")).filter((e) => e.reason === "WebhookRepaired")).toHaveLength(1);
    expect(await waitReady(env, "drifty")).toMatchObject({ status: { sid } });
  });
});
