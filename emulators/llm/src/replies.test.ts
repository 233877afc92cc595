import { describe, expect, it } from "vitest";
import { checkRule, complete, createScript, replyFor, splitPieces } from "./replies.ts";
import { countTokens } from "./tokens.ts";

const conversation = { model: "phi-local", lastUserMessage: "Comment préparer un entretien ?" };

describe("scripted replies", () => {
  it("echoes the last user message through the default template", () => {
    expect(replyFor(createScript(), conversation)).toBe("Echo (phi-local): Comment préparer un entretien ?");
  });

  it("answers with the first rule whose pattern matches, case-insensitively", () => {
    const script = {
      ...createScript(),
      rules: [
        { pattern: "^bonjour", reply: "Salut" },
        { pattern: "ENTRETIEN", reply: "Prépare trois exemples ({{model}})" },
        { pattern: "entretien", reply: "never reached" },
      ],
    };
    expect(replyFor(script, conversation)).toBe("Prépare trois exemples (phi-local)");
    expect(replyFor(script, { ...conversation, lastUserMessage: "bonjour" })).toBe("Salut");
  });

  it("refuses a rule whose pattern is not a regular expression", () => {
    expect(() => {
      checkRule({ pattern: "(", reply: "" });
    }).toThrow(SyntaxError);
  });
});

describe("streamed pieces", () => {
  it("splits into word pieces that join back to the exact text", () => {
    const text = "  Bonjour  à toi,\nLéa !  ";
    const pieces = splitPieces(text);
    expect(pieces).toEqual(["  Bonjour", "  à", " toi,", "\nLéa", " !  "]);
    expect(pieces.join("")).toBe(text);
    expect(splitPieces("")).toEqual([]);
    expect(splitPieces("   ")).toEqual(["   "]);
  });

  it("stops at max_tokens on a piece boundary with finish_reason length", () => {
    const text = "un deux trois quatre";
    expect(complete(text, undefined)).toEqual({
      pieces: ["un", " deux", " trois", " quatre"],
      finishReason: "stop",
      completionTokens: countTokens(text),
    });
    const cut = complete(text, 3);
    expect(cut).toEqual({ pieces: ["un", " deux"], finishReason: "length", completionTokens: 2 });
  });
});
