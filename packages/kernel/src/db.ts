// Postgres: a pool with bounded waits, its readiness check, and versioned SQL migrations run by
// node-pg-migrate (not a home-made runner).
import { runner } from "node-pg-migrate";
import pg from "pg";
import type { ReadinessCheck } from "./http.ts";
import type { Logger } from "./log.ts";

export interface PoolOptions {
  connectionString: string;
  /** Shows in pg_stat_activity, so a DBA can tell services apart. */
  applicationName: string;
  /** Idle-client and pool errors are logged here instead of crashing the process. */
  logger: Logger;
  /** Default 10. */
  max?: number;
  /** Server-side limit per statement, default 30000 ms: a runaway query cannot hold a connection forever. */
  statementTimeoutMs?: number;
  /** How long a caller waits for a free connection, default 5000 ms: fail fast rather than queue forever. */
  connectionTimeoutMs?: number;
}

export function createPool(options: PoolOptions): pg.Pool {
  const { connectionString, applicationName, logger, max = 10 } = options;
  const pool = new pg.Pool({
    connectionString,
    application_name: applicationName,
    max,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idle_in_transaction_session_timeout: 60_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
  });
  // Without a listener, an idle client's error (e.g. the primary failing over) is an uncaught
  // 'error' event that kills the process; the pool already discards the broken client.
  pool.on("error", (err) => logger.error({ err }, "idle postgres client failed"));
  return pool;
}

export function pgReadiness(pool: pg.Pool): ReadinessCheck {
  return async () => {
    await pool.query("SELECT 1");
  };
}

export interface MigrateOptions {
  databaseUrl: string;
  /** Directory of `NNNN_name.sql` files, each with `-- Up Migration` and optionally `-- Down Migration`. */
  dir: string;
  logger: Logger;
  /** Default "up" (all pending); "down" reverts the last one. */
  direction?: "up" | "down";
  /** Default "pgmigrations". */
  migrationsTable?: string;
}

/**
 * Applies pending migrations in one transaction; returns the names applied. Safe to run from
 * every replica at once: node-pg-migrate holds a Postgres advisory lock for the whole run, and
 * with advisoryLockMode "wait" the others block on it, then find nothing left to run.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const { databaseUrl, dir, logger, direction = "up", migrationsTable = "pgmigrations" } = options;
  const log = logger.child({ component: "migrate" });
  const applied = await runner({
    databaseUrl,
    dir,
    direction,
    migrationsTable,
    advisoryLockMode: "wait",
    checkOrder: true,
    singleTransaction: true,
    logger: {
      debug: (message) => log.debug(message),
      info: (message) => log.info(message),
      warn: (message) => log.warn(message),
      error: (message) => log.error(message),
    },
  });
  return applied.map((migration) => migration.name);
}
