// The web client's types for career: its OpenAPI document built in-process from its real routes,
// written to services/web/client/src/features/career/api/{openapi.json,schema.d.ts} (the web's
// scripts/typed-client.ts). `node services/career/scripts/openapi.ts` regenerates;
// test/career/openapi.int.test.ts fails on drift.
import path from "node:path";
import { loadConfig } from "@phoenix/kernel/config";
import { buildEnv, clientFiles, writeClientFiles } from "../../web/scripts/typed-client.ts";
import type { ClientFiles } from "../../web/scripts/typed-client.ts";
import { careerRoutes } from "../src/app.ts";
import { careerConfigSchema } from "../src/config.ts";
import type { CareerContext } from "../src/context.ts";

export const careerApiDir = path.join(import.meta.dirname, "../../web/client/src/features/career/api");

export function careerGeneratedFiles(): Promise<ClientFiles> {
  const context = { config: loadConfig(careerConfigSchema, buildEnv) } as unknown as CareerContext;
  return clientFiles(
    careerRoutes(context),
    careerApiDir,
    "services/career/scripts/openapi.ts from career's routes",
  );
}

if (process.argv[1] === import.meta.filename)
  await writeClientFiles(await careerGeneratedFiles(), careerApiDir);
