import { describe, expect, it } from "vitest";
import { choicesFromForm, decodeChoices, encodeChoices } from "./consent.ts";

describe("consent cookie", () => {
  it("round-trips the choices", () => {
    const choices = { analytics: false, personalization: true };
    expect(encodeChoices(choices)).toBe("v1:analytics=0,personalization=1");
    expect(decodeChoices(encodeChoices(choices))).toEqual(choices);
  });

  it("treats a missing, foreign or incomplete cookie as no choice (the banner shows)", () => {
    for (const value of [
      undefined,
      "",
      "v0:analytics=1,personalization=1",
      "v1:analytics=1",
      "v1:analytics=2,personalization=0",
    ])
      expect(decodeChoices(value)).toBeNull();
  });

  it("reads the banner's three buttons", () => {
    expect(choicesFromForm({ choice: "accept" })).toEqual({ analytics: true, personalization: true });
    expect(choicesFromForm({ choice: "reject", analytics: "on" })).toEqual({
      analytics: false,
      personalization: false,
    });
    expect(choicesFromForm({ choice: "save", personalization: "on" })).toEqual({
      analytics: false,
      personalization: true,
    });
    expect(choicesFromForm({ choice: "maybe" })).toBeNull();
  });
});
