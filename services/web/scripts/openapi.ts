// The web client's typed API: the API's OpenAPI document built in-process from its real routes,
// written to client/src/api/openapi.json and schema.d.ts (typed-client.ts).
// `node services/web/scripts/openapi.ts` regenerates; test/web/openapi.int.test.ts fails on drift.
import path from "node:path";
import { loadConfig } from "@phoenix/kernel/config";
import { apiRoutes } from "../../api/src/app.ts";
import { apiConfigSchema } from "../../api/src/config.ts";
import type { ApiContext } from "../../api/src/context.ts";
import { buildEnv, clientFiles, writeClientFiles } from "./typed-client.ts";
import type { ClientFiles } from "./typed-client.ts";

export const apiDir = path.join(import.meta.dirname, "../client/src/api");

export function generatedFiles(): Promise<ClientFiles> {
  const config = loadConfig(apiConfigSchema, {
    ...buildEnv,
    SERVICE_NAME: "api",
    INTERNAL_KEYSET_DIR: "/nonexistent",
  });
  // Registering routes reads the config only; the rest is used by handlers, which never run here.
  const context = { config, billing: undefined } as unknown as ApiContext;
  return clientFiles(apiRoutes(context), apiDir, "services/web/scripts/openapi.ts from the API's routes");
}

if (process.argv[1] === import.meta.filename) await writeClientFiles(await generatedFiles(), apiDir);
