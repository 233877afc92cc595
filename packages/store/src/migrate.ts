// The assistant's schema lives here, once; every service runs it at start-up (node-pg-migrate
// holds an advisory lock, so replicas starting together apply each migration once).
import path from "node:path";
import { migrate } from "@phoenix/kernel/db";
import type { Logger } from "@phoenix/kernel/log";

export const migrationsDir = path.resolve(import.meta.dirname, "../migrations");

export function migrateStore(databaseUrl: string, logger: Logger): Promise<string[]> {
  return migrate({ databaseUrl, dir: migrationsDir, logger });
}
