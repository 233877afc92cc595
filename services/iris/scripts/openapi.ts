// The web client's types for iris: its OpenAPI document built in-process from its real routes,
// written to services/web/client/src/features/iris/api/{openapi.json,schema.d.ts} (the web's
// scripts/typed-client.ts). `node services/iris/scripts/openapi.ts` regenerates;
// test/iris/openapi.int.test.ts fails on drift.
import path from "node:path";
import { loadConfig } from "@phoenix/kernel/config";
import { buildEnv, clientFiles, writeClientFiles } from "../../web/scripts/typed-client.ts";
import type { ClientFiles } from "../../web/scripts/typed-client.ts";
import { irisRoutes } from "../src/app.ts";
import type { IrisContext } from "../src/app.ts";
import { irisConfigSchema } from "../src/config.ts";

export const irisApiDir = path.join(import.meta.dirname, "../../web/client/src/features/iris/api");

export function irisGeneratedFiles(): Promise<ClientFiles> {
  const context = { config: loadConfig(irisConfigSchema, buildEnv) } as unknown as IrisContext;
  return clientFiles(irisRoutes(context), irisApiDir, "services/iris/scripts/openapi.ts from iris's routes");
}

if (process.argv[1] === import.meta.filename) await writeClientFiles(await irisGeneratedFiles(), irisApiDir);
