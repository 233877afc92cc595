// Two resources searching at once are offered the same numbers, and Twilio answers a purchase of
// a number the account already owns with a 201 as if it were new: without care both resources
// would be Ready with one number, and one user would get the other's texts.
import { beforeAll, describe, expect, it } from "vitest";
import { startOperator } from "../harness.ts";
import type { OperatorEnvironment } from "../harness.ts";
import { eventually } from "../../../../test/support/kube.ts";
import {
  callCount,
  condition,
  createTwilioNumber,
  getTwilioNumber,
  isReady,
  ops,
  setupTwilioNumberEnvironment,
} from "./probes.ts";

describe("choosing a number", () => {
  let env: OperatorEnvironment;

  beforeAll(async () => {
    env = await setupTwilioNumberEnvironment("twn-choice");
    // Stops the operator once it has released the TwilioNumbers left.
    return () => env.teardown();
  });
  beforeAll(async () => {
    await startOperator(env);
  });

  it("never gives one number to two resources, even when both were offered only that number", async () => {
    const only = "+16465550777";
    await env.emulator.control.seedAvailable("646", { numbers: [only] });
    // Both searches answer before either purchase does.
    await env.emulator.control.addFaults({ latencyMs: { [ops.buy]: 1000 } });
    await Promise.all(["first", "second"].map((name) => createTwilioNumber(env, name, { areaCode: "646" })));

    // Each ends Ready, or Ready=False for good; which one wins is up to the race.
    const outcomes = await Promise.all(
      ["first", "second"].map((name) =>
        eventually(`${name} to settle`, async () => {
          const tn = await getTwilioNumber(env, name);
          if (isReady(tn)) return { ready: true, tn };
          return condition(tn, "Ready")?.reason === "NoNumbersAvailable" ? { ready: false, tn } : undefined;
        }),
      ),
    );
    const winners = outcomes.filter((o) => o.ready);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.tn.status?.phoneNumber).toBe(only);
    const loser = outcomes.find((o) => !o.ready)!;
    expect(condition(loser.tn, "Ready")).toMatchObject({ status: "False", reason: "NoNumbersAvailable" });
    expect(loser.tn.status?.phoneNumber).toBeUndefined();

    const state = await env.emulator.control.state();
    expect(callCount(state, ops.buy)).toBe(1);
    expect(state.numbers?.filter((n) => n.phoneNumber === only)).toHaveLength(1);
  });
});
