// The web client's generated API types must be those of the API's current routes: a changed route
// fails here (and so the build), not in a user's browser. Regenerate: node services/web/scripts/openapi.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { apiDir, generatedFiles } from "../../services/web/scripts/openapi.ts";

describe("the web client's generated API client", () => {
  it("matches the API's current OpenAPI document (openapi.json and schema.d.ts)", async () => {
    const files = await generatedFiles();
    for (const [name, expected] of Object.entries(files)) {
      const committed = await readFile(path.join(apiDir, name), "utf8");
      expect(committed, `${name} is stale: run node services/web/scripts/openapi.ts`).toBe(expected);
    }
  });
});
