// The client's catalogue (messages/<lang>/app.json): the same keys, with the same {{placeholders}},
// in every language, and a message for every error code the API publishes (its Error schema's enum)
// and the client's own. To cover another
// namespace, add it to `namespaces` (services/web/src/i18n.test.ts checks that all of them exist).
import { describe, expect, it } from "vitest";
import openapi from "../api/openapi.json";
import { clientCodes } from "./problems.ts";

const catalogues = import.meta.glob<Record<string, unknown>>("../../../messages/*/*.json", {
  eager: true,
  import: "default",
});
const namespaces = ["app", "career"] as const;
const languages = ["fr", "en"] as const;

const catalogue = (language: string, namespace: string): Record<string, unknown> => {
  const found = catalogues[`../../../messages/${language}/${namespace}.json`];
  if (!found) throw new Error(`messages/${language}/${namespace}.json is missing`);
  return found;
};

/** "a.b.c" → the message, for every leaf of the catalogue. */
function leaves(tree: Record<string, unknown>, prefix = ""): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix + key;
    if (typeof value === "object" && value !== null)
      for (const [leaf, text] of leaves(value as Record<string, unknown>, `${path}.`)) found.set(leaf, text);
    else found.set(path, String(value));
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe.each(namespaces)("the %s catalogue", (namespace) => {
  const [first, ...others] = languages.map((language) => ({
    language,
    messages: leaves(catalogue(language, namespace)),
  }));

  it.each(others)("has the same keys in $language as in fr", ({ messages }) => {
    expect([...messages.keys()].sort()).toEqual([...first!.messages.keys()].sort());
  });

  it.each(others)("uses the same placeholders in $language as in fr", ({ messages }) => {
    for (const [key, text] of first!.messages)
      expect(placeholders(messages.get(key) ?? ""), key).toEqual(placeholders(text));
  });

  it("has no empty message", () => {
    for (const { language, messages } of [first!, ...others])
      for (const [key, text] of messages) expect(text.trim(), `${language} ${key}`).not.toBe("");
  });
});

const apiCodes: string[] = openapi.components.schemas.Error.properties.error.enum;

describe("the client's error messages", () => {
  it("cover a published list of API codes", () => {
    expect(apiCodes).toContain("validation_error");
  });

  it.each(languages)("exist in %s for every error code of the API and of the client", (language) => {
    const messages = leaves(catalogue(language, "app"));
    const missing = [...apiCodes, ...clientCodes].filter((code) => !messages.has(`errors.${code}`));
    expect(missing).toEqual([]);
  });
});
