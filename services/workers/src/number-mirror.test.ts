import { describe, expect, it } from "vitest";
import type { TwilioNumber } from "@phoenix/crds/twilio-number";
import { routableNumber } from "./number-mirror.ts";

const number = (overrides: {
  ready?: "True" | "False" | "Unknown";
  phone?: string;
  deleting?: boolean;
}): TwilioNumber => ({
  apiVersion: "phoenix.dev/v1alpha1",
  kind: "TwilioNumber",
  metadata: {
    name: "user-1",
    namespace: "phoenix",
    ...(overrides.deleting && { deletionTimestamp: "2026-12-04T10:00:00Z" }),
  },
  spec: { userId: "00000000-0000-4000-8000-000000000001", countryCode: "US", releasePolicy: "Release" },
  status: {
    ...(overrides.phone !== undefined && { phoneNumber: overrides.phone }),
    ...(overrides.ready !== undefined && {
      conditions: [
        {
          type: "Ready",
          status: overrides.ready,
          reason: "Ready",
          message: "",
          lastTransitionTime: "2026-12-04T09:00:00Z",
        },
      ],
    }),
  },
});

describe("routableNumber: what the mirror makes routable", () => {
  it.each([
    ["no CR (deleted and gone)", undefined, undefined],
    ["Ready with a number", number({ ready: "True", phone: "+14155550100" }), "+14155550100"],
    [
      "being deleted, still Ready",
      number({ ready: "True", phone: "+14155550100", deleting: true }),
      undefined,
    ],
    ["not Ready yet", number({ ready: "False", phone: "+14155550100" }), undefined],
    ["Ready unknown", number({ ready: "Unknown", phone: "+14155550100" }), undefined],
    ["no Ready condition", number({ phone: "+14155550100" }), undefined],
    ["Ready without a number", number({ ready: "True" }), undefined],
    ["Ready with an empty number", number({ ready: "True", phone: "" }), undefined],
  ])("%s", (_case, tn, expected) => {
    expect(routableNumber(tn)).toBe(expected);
  });
});
