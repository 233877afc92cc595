import { describe, expect, it } from "vitest";
import { initialLanguage } from "./i18n.ts";

describe("the client's first language", () => {
  it("is the one the public pages asked for with ?lang=", () => {
    expect(initialLanguage("?lang=en", ["fr-FR"])).toBe("en");
    expect(initialLanguage("?lang=fr", ["en-GB"])).toBe("fr");
  });

  it("else the browser's first language Phoenix speaks", () => {
    expect(initialLanguage("", ["de-DE", "en-US", "fr"])).toBe("en");
    expect(initialLanguage("?lang=de", ["fr-CA"])).toBe("fr");
  });

  it("else French", () => {
    expect(initialLanguage("", ["de-DE", "it"])).toBe("fr");
    expect(initialLanguage("", [])).toBe("fr");
  });
});
