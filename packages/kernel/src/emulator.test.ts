import { describe, expect, it } from "vitest";
import { callRule, perOperation, setPerOperation, takeRule } from "./emulator.ts";

describe("fault rules shared by the emulators", () => {
  it("fails the Nth matching call, as many times as asked, then drops the spent rule", () => {
    const rules = [callRule({ operation: "CreateMessage", nth: 2, count: 2 })];
    expect(takeRule(rules, "ListMessage")).toBeUndefined(); // another operation: not counted
    expect(takeRule(rules, "CreateMessage")).toBeUndefined(); // the first call goes through
    expect(takeRule(rules, "CreateMessage")).toBeDefined();
    expect(takeRule(rules, "CreateMessage")).toBeDefined();
    expect(rules).toEqual([]);
    expect(takeRule(rules, "CreateMessage")).toBeUndefined();
  });

  it("counts a call against every matching rule but fires only the first; * matches everything", () => {
    const any = callRule({});
    const rules = [any, callRule({ operation: "CreateMessage", count: 2 })];
    expect(takeRule(rules, "CreateMessage")).toBe(any);
    // The second rule was not consumed by the call the first one failed.
    expect(rules).toHaveLength(1);
    expect(rules[0]!.remaining).toBe(2);
  });

  it("settles per-operation values with a * fallback; 0 removes one", () => {
    const latency = new Map<string, number>();
    setPerOperation(latency, { "*": 100, CreateMessage: 500 });
    expect(perOperation(latency, "CreateMessage")).toBe(500);
    expect(perOperation(latency, "ListMessage")).toBe(100);
    setPerOperation(latency, { CreateMessage: 0, "*": 0 });
    expect(perOperation(latency, "CreateMessage")).toBe(0);
    expect(latency.size).toBe(0);
  });
});
