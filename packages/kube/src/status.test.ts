import { describe, expect, it } from "vitest";
import { statusDiffers } from "./status.ts";

const ready = {
  type: "Ready",
  status: "True",
  reason: "Provisioned",
  lastTransitionTime: "2025-01-01T00:00:00Z",
};

describe("statusDiffers", () => {
  it("is false when every desired field already has that value", () => {
    const current = { phoneNumber: "+15550100", conditions: [ready], observedGeneration: 3, extra: "kept" };
    expect(
      statusDiffers(current, { phoneNumber: "+15550100", conditions: [{ ...ready }], observedGeneration: 3 }),
    ).toBe(false);
  });

  it("is true when a field or a nested condition changed", () => {
    expect(statusDiffers({ observedGeneration: 3 }, { observedGeneration: 4 })).toBe(true);
    expect(statusDiffers({ conditions: [ready] }, { conditions: [{ ...ready, status: "False" }] })).toBe(
      true,
    );
    expect(statusDiffers(undefined, { phoneNumber: "+15550100" })).toBe(true);
  });

  it("treats null (delete in a merge patch) as a change only when the field is set", () => {
    expect(statusDiffers({ sid: "PN1" }, { sid: null })).toBe(true);
    expect(statusDiffers({}, { sid: null })).toBe(false);
  });
});
