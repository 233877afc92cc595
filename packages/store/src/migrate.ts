// The assistant's schema lives here, once. It is migrated by the owner role, out of the services
// (`make migrate` locally, the chart's pre-install/pre-upgrade Job in a cluster: src/main.ts), and
// the services' role gets data privileges only (docs/decisions/0009-database-roles.md). The
// services themselves only check at start that every migration they know has been applied.
import { readdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { grantServiceRole, migrate } from "@phoenix/kernel/db";
import type { Logger } from "@phoenix/kernel/log";

export const migrationsDir = path.resolve(import.meta.dirname, "../migrations");

export interface MigrateStoreOptions {
  /** The owner role's connection: it creates and owns every object of the schema. */
  ownerUrl: string;
  /** The role the services connect as; granted data privileges only. */
  serviceRole: string;
  logger: Logger;
}

/** Applies pending migrations as the owner, then (re)grants the services' role; returns the names applied. */
export async function migrateStore({
  ownerUrl,
  serviceRole,
  logger,
}: MigrateStoreOptions): Promise<string[]> {
  const applied = await migrate({ databaseUrl: ownerUrl, dir: migrationsDir, logger });
  await grantServiceRole({ databaseUrl: ownerUrl, role: serviceRole });
  return applied;
}

/** The migrations this code expects, by node-pg-migrate's name (file name without `.sql`). */
export function knownMigrations(): string[] {
  return readdirSync(migrationsDir)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => file.slice(0, -".sql".length))
    .sort();
}

/**
 * Resolves when every migration this code knows has been applied (later ones are fine: a rollout
 * runs the migration first, old replicas keep serving); otherwise rejects saying how to migrate, so a
 * service on an old schema stops at boot instead of failing on its first query.
 */
export async function assertMigrated(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client
      .query<{ name: string }>("SELECT name FROM pgmigrations")
      .catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (code === "42P01" || code === "42501") return { rows: [] };
        throw err;
      });
    const applied = new Set(rows.map((row) => row.name));
    const pending = knownMigrations().filter((name) => !applied.has(name));
    if (pending.length > 0) {
      throw new Error(
        `database schema is behind: ${pending.join(", ")} not applied — the services never migrate; run \`make migrate\` locally, the chart's migrate Job in a cluster (docs/decisions/0009-database-roles.md)`,
      );
    }
  } finally {
    await client.end();
  }
}
