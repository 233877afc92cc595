import { describe, expect, it } from "vitest";
import { createTranslators, languages, readCatalogue } from "./i18n.ts";

/** Every leaf's path, arrays by index: the shape two languages must share. */
function leaves(value: unknown, prefix = ""): string[] {
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
  return [prefix];
}

describe("message catalogues", () => {
  const [fr, en] = languages.map((language) => readCatalogue(language));

  it("have the same namespaces and the same keys in every language", () => {
    expect(Object.keys(en ?? {}).sort()).toEqual(Object.keys(fr ?? {}).sort());
    for (const ns of Object.keys(fr ?? {})) {
      const missingInEn = leaves(fr?.[ns]).filter((k) => !leaves(en?.[ns]).includes(k));
      const missingInFr = leaves(en?.[ns]).filter((k) => !leaves(fr?.[ns]).includes(k));
      expect({ ns, missingInEn, missingInFr }).toEqual({ ns, missingInEn: [], missingInFr: [] });
    }
  });

  it("have no empty message", () => {
    for (const catalogue of [fr, en])
      for (const [ns, messages] of Object.entries(catalogue ?? {}))
        for (const key of leaves(messages)) {
          const value = key.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], messages);
          expect(typeof value === "string" && value.trim().length > 0, `${ns}:${key}`).toBe(true);
        }
  });

  it("translate, interpolate and refuse a missing key", async () => {
    const t = await createTranslators();
    expect(t.fr.t("public:pricing.limits.perDay", { count: 3 })).toBe("3 par jour");
    expect(t.en.t("nav.pricing")).toBe("Pricing");
    expect(t.fr.list("public:faq.items").length).toBeGreaterThan(3);
    expect(() => t.fr.t("nav.nothing")).toThrow(/missing in fr/);
  });
});
