import { describe, expect, it } from "vitest";
import { findCondition, setCondition, setConditions } from "./conditions.ts";

const t1 = new Date("2026-11-01T00:00:00Z");
const t2 = new Date("2026-11-01T01:00:00Z");

describe("setCondition", () => {
  it("adds a missing condition stamped with now", () => {
    const result = setCondition(
      undefined,
      { type: "Ready", status: "False", reason: "Provisioning", message: "m" },
      t1,
    );
    expect(result).toEqual([
      {
        type: "Ready",
        status: "False",
        reason: "Provisioning",
        message: "m",
        lastTransitionTime: t1.toISOString(),
      },
    ]);
  });

  it("keeps the transition time when only reason or message change", () => {
    const first = setCondition(undefined, { type: "Ready", status: "False", reason: "A", message: "a" }, t1);
    const second = setCondition(first, { type: "Ready", status: "False", reason: "B", message: "b" }, t2);
    expect(second[0]).toMatchObject({ reason: "B", message: "b", lastTransitionTime: t1.toISOString() });
  });

  it("moves the transition time when the status flips, leaving other conditions alone", () => {
    const first = setConditions(
      undefined,
      [
        { type: "Provisioned", status: "True", reason: "Bought", message: "" },
        { type: "Ready", status: "False", reason: "A", message: "" },
      ],
      t1,
    );
    const second = setCondition(first, { type: "Ready", status: "True", reason: "Ready", message: "" }, t2);
    expect(findCondition(second, "Ready")?.lastTransitionTime).toBe(t2.toISOString());
    expect(findCondition(second, "Provisioned")).toEqual(first[0]);
    expect(second.map((c) => c.type)).toEqual(["Provisioned", "Ready"]);
  });
});
