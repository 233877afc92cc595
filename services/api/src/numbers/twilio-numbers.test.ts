import { describe, expect, it } from "vitest";
import type { TwilioNumber } from "@phoenix/crds";
import { numberName, viewOf } from "./twilio-numbers.ts";

const resource = (status: TwilioNumber["status"], deleting = false): TwilioNumber => ({
  apiVersion: "phoenix.dev/v1alpha1",
  kind: "TwilioNumber",
  metadata: {
    name: "user-1",
    namespace: "phoenix",
    creationTimestamp: "2026-01-01T00:00:00Z",
    ...(deleting && { deletionTimestamp: "2026-01-02T00:00:00Z" }),
  },
  spec: { userId: "1", countryCode: "US", releasePolicy: "Release" },
  ...(status && { status }),
});
const ready = (status: "True" | "False", reason: string) => ({
  conditions: [
    { type: "Ready", status, reason, message: reason, lastTransitionTime: "2026-01-01T00:00:00Z" },
  ],
});

describe("what a user sees of their TwilioNumber", () => {
  it("is provisioning until Ready, then ready with the number", () => {
    expect(viewOf(resource(undefined)).state).toBe("provisioning");
    expect(viewOf(resource(ready("False", "NumberReserved"))).state).toBe("provisioning");
    expect(viewOf(resource({ phoneNumber: "+14155550100", ...ready("True", "Ready") }))).toMatchObject({
      state: "ready",
      phoneNumber: "+14155550100",
      createdAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("is failed on the operator's terminal reasons, releasing once deleted", () => {
    expect(viewOf(resource(ready("False", "NoNumbersAvailable"))).state).toBe("failed");
    expect(viewOf(resource(ready("False", "TwilioRejected"))).reason).toBe("TwilioRejected");
    expect(viewOf(resource(ready("True", "Ready"), true)).state).toBe("releasing");
  });

  it("names the resource after the user, one per user", () => {
    expect(numberName("6f1c0f4e-8a55-4c36-9a53-0c1c8f1a2b3c")).toBe(
      "user-6f1c0f4e-8a55-4c36-9a53-0c1c8f1a2b3c",
    );
  });
});
