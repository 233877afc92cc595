import { describe, expect, it } from "vitest";
import { costOf, estimatePromptTokens, estimateTokens } from "./usage.ts";

describe("token estimates and cost", () => {
  it("estimates 4 characters a token, plus framing per message", () => {
    expect(estimateTokens("")).toBe(0);
    expect(estimateTokens("abcde")).toBe(2);
    expect(estimatePromptTokens([{ content: "abcd" }, { content: "" }])).toBe(3 + 5 + 4);
  });

  it("prices prompt and completion tokens per thousand", () => {
    expect(costOf({ prompt: 2000, completion: 500 }, { input: 0.5, output: 1.5 })).toBeCloseTo(1.75, 10);
    expect(costOf({ prompt: 2000, completion: 500 }, { input: 0, output: 0 })).toBe(0);
  });
});
