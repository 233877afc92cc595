// Every code the API's source throws is in the published catalogue (errors.ts), and the OpenAPI
// Error schema lists exactly the catalogue.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorCodes } from "./errors.ts";
import { ErrorBody } from "./schemas.ts";

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [file] : [];
  });

/**
 * Codes written as literals where a 4xx HttpError is made or a webhook delivery refused (a 5xx
 * HttpError's code stays in the log: the kernel answers service_unavailable).
 */
function thrownCodes(text: string): string[] {
  const made = [...text.matchAll(/HttpError\(\s*4\d\d,\s*"([a-z_]+)"/g)].map((m) => m[1] ?? "");
  const refused = [...text.matchAll(/\bcode: "([a-z_]+)"/g)].map((m) => m[1] ?? "");
  return [...made, ...refused];
}

describe("error codes", () => {
  const root = path.resolve(import.meta.dirname);
  const kernel = path.resolve(import.meta.dirname, "../../../packages/kernel/src/http.ts");
  const thrown = new Set(
    [...sources(root), kernel].flatMap((file) => thrownCodes(readFileSync(file, "utf8"))),
  );

  it("finds the codes the source throws (the scan itself works)", () => {
    expect(thrown).toContain("csrf_rejected");
    expect(thrown).toContain("unsupported_media_type");
    expect(thrown.size).toBeGreaterThan(20);
  });

  it("lists every code the API or the kernel throws", () => {
    const missing = [...thrown].filter((code) => !(code in errorCodes));
    expect(missing).toEqual([]);
  });

  it("publishes the catalogue as the Error schema's enum", () => {
    expect((ErrorBody.properties.error as unknown as { enum: string[] }).enum).toEqual(
      Object.keys(errorCodes),
    );
  });
});
