// TwilioNumbers through their whole life with the real operator process (its own ServiceAccount
// token) and the Twilio emulator: provisioned, Ready with distinct numbers routed to the
// platform, then released when deleted.
import { beforeAll, describe, expect, it } from "vitest";
import { CustomObjectsApi } from "@kubernetes/client-node";
import { twilioNumberResource } from "@phoenix/crds/twilio-number";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { adminConfig, eventually } from "../../../../test/support/kube.ts";
import { publicBaseUrl, startOperator } from "../harness.ts";
import { scrape, setupTwilioNumberEnvironment } from "./probes.ts";
import type { OperatorEnvironment, OperatorProcess } from "../harness.ts";

const N = 12;
// Not the emulator's default: the status and the cost gauge must come from the Pricing API.
const LOCAL_PRICE = "1.40";

describe("TwilioNumber lifecycle", () => {
  const objects = adminConfig().makeApiClient(CustomObjectsApi);
  let env: OperatorEnvironment;
  let operator: OperatorProcess;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    await env.emulator.control.setPhoneNumberPrices("US", {
      country: "United States",
      prices: [
        { numberType: "local", basePrice: "1.15", currentPrice: LOCAL_PRICE },
        { numberType: "toll free", basePrice: "2.15", currentPrice: "2.15" },
      ],
    });
    operator = await startOperator(env);
  });

  const list = async () =>
    (
      (await objects.listNamespacedCustomObject({ ...twilioNumberResource, namespace: env.namespace })) as {
        items: TwilioNumber[];
      }
    ).items;

  it(`provisions ${N} numbers, each Ready, distinct and routed to the platform`, async () => {
    await Promise.all(
      Array.from({ length: N }, (_, i) =>
        objects.createNamespacedCustomObject({
          ...twilioNumberResource,
          namespace: env.namespace,
          body: {
            apiVersion: "phoenix.dev/v1alpha1",
            kind: "TwilioNumber",
            metadata: { name: `user-${i}` },
            spec: { userId: `user-${i}`, areaCode: "415" },
          },
        }),
      ),
    );
    const ready = await eventually(
      "every TwilioNumber Ready",
      async () => {
        const items = await list();
        const done = items.filter((tn) =>
          tn.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
        );
        return done.length === N ? done : undefined;
      },
      60_000,
    );
    const numbers = ready.map((tn) => tn.status!.phoneNumber!);
    expect(new Set(numbers).size).toBe(N);
    for (const tn of ready) {
      expect(tn.metadata.finalizers).toContain("phoenix.dev/twilio-number");
      expect(tn.status).toMatchObject({
        monthlyPrice: LOCAL_PRICE,
        observedGeneration: tn.metadata.generation,
      });
      expect(tn.status!.phoneNumber).toMatch(/^\+1415/);
    }
    const state = await env.emulator.control.state();
    const owned = (state.numbers ?? []).filter((n) => numbers.includes(n.phoneNumber));
    expect(owned).toHaveLength(N);
    for (const n of owned) {
      expect(n.smsUrl).toBe(`${publicBaseUrl}/twilio/sms`);
      expect(n.statusCallback).toBe(`${publicBaseUrl}/twilio/status`);
    }
    // The ownership gauges follow the cache: N numbers at the price Twilio quoted.
    await eventually("twilio_numbers_owned = N", async () =>
      (await scrape(operator.url, "twilio_numbers_owned")) === N ? true : undefined,
    );
    expect(await scrape(operator.url, "twilio_monthly_cost_usd")).toBeCloseTo(N * Number(LOCAL_PRICE), 6);
    // And by Ready condition: all N True, none left without one.
    await eventually("twilio_numbers_ready{status=True} = N", async () =>
      (await scrape(operator.url, "twilio_numbers_ready", { status: "True" })) === N ? true : undefined,
    );
    expect(await scrape(operator.url, "twilio_numbers_ready", { status: "Unknown" })).toBe(0);
    // One Pricing call for the 12 numbers: the price list is shared and cached per country.
    const { calls } = await env.emulator.control.state();
    expect(calls["FetchPhoneNumberCountry"]?.total).toBe(1);
  });

  it("releases every number at Twilio when the resources are deleted, then lets them go", async () => {
    const before = await list();
    const sids = before.map((tn) => tn.status!.sid!);
    await objects.deleteCollectionNamespacedCustomObject({
      ...twilioNumberResource,
      namespace: env.namespace,
    });
    await eventually(
      "every TwilioNumber gone",
      async () => ((await list()).length === 0 ? true : undefined),
      60_000,
    );
    const state = await env.emulator.control.state();
    const stillOwned = (state.numbers ?? []).filter((n) => sids.includes(n.sid));
    expect(stillOwned).toEqual([]);
    await eventually("twilio_numbers_owned = 0", async () =>
      (await scrape(operator.url, "twilio_numbers_owned")) === 0 ? true : undefined,
    );
    expect(await scrape(operator.url, "twilio_monthly_cost_usd")).toBe(0);
    expect(await scrape(operator.url, "twilio_numbers_ready")).toBe(0);
  });
});
