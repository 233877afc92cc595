// The web client's career types are generated from career's routes: a route or schema changed
// without `node services/career/scripts/openapi.ts` fails here.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { careerApiDir, careerGeneratedFiles } from "../../services/career/scripts/openapi.ts";

describe("the web client's career types", () => {
  it("match career's OpenAPI document", async () => {
    const files = await careerGeneratedFiles();
    for (const [name, text] of Object.entries(files))
      expect(await readFile(path.join(careerApiDir, name), "utf8"), name).toBe(text);
  });
});
