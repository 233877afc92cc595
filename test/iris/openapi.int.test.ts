// The web client's iris types are generated from iris's routes: a route or schema changed without
// `node services/iris/scripts/openapi.ts` fails here.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { irisApiDir, irisGeneratedFiles } from "../../services/iris/scripts/openapi.ts";

describe("the web client's iris types", () => {
  it("match iris's OpenAPI document", async () => {
    const files = await irisGeneratedFiles();
    for (const [name, text] of Object.entries(files))
      expect(await readFile(path.join(irisApiDir, name), "utf8"), name).toBe(text);
  });
});
