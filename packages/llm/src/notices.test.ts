import { describe, expect, it } from "vitest";
import { LANGUAGES, NOTICE_CODES, notice } from "./notices.ts";

describe("notices", () => {
  it("has a distinct, non-empty text per code in French and English", () => {
    for (const code of NOTICE_CODES) {
      const texts = LANGUAGES.map((language) => notice(code, language));
      expect(texts.every((text) => text.trim().length > 10)).toBe(true);
      expect(new Set(texts).size).toBe(LANGUAGES.length);
    }
    expect(notice("interrupted", "fr")).toMatch(/interrompue/);
    expect(notice("budget_exhausted", "en")).toMatch(/allowance/);
  });
});
