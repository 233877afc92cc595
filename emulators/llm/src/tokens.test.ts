import { describe, expect, it } from "vitest";
import { countPromptTokens, countTokens } from "./tokens.ts";

describe("token approximation", () => {
  it("counts a word per 4 characters, each punctuation mark and emoji as one, spaces as none", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("   ")).toBe(0);
    expect(countTokens("chat")).toBe(1);
    expect(countTokens("chats")).toBe(2);
    expect(countTokens("Bonjour, ça va ?")).toBe(2 + 1 + 1 + 1 + 1);
    expect(countTokens("🙂🙂")).toBe(2);
  });

  it("counts letters with accents by code point, so é composed or not costs the same", () => {
    expect(countTokens("café")).toBe(countTokens("cafe\u0301"));
    expect(countTokens("reconversion")).toBe(3);
  });

  it("adds 3 per message, 1 per name and 3 for the reply", () => {
    expect(countPromptTokens([])).toBe(3);
    expect(countPromptTokens([{ content: "chat" }])).toBe(3 + 3 + 1);
    expect(countPromptTokens([{ content: "chat", name: "léa" }, { content: "" }])).toBe(3 + 4 + 1 + 3);
  });
});
