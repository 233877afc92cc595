// The kernel's Postgres helpers against the real local Postgres (make data-up).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createPool, migrate, pgReadiness } from "../src/db.ts";
import { createLogger } from "../src/log.ts";
import { localEnv } from "../../../test/support/local-env.ts";

const logger = createLogger({ name: "kernel-db-test", level: "warn" });
const pool = createPool({
  connectionString: localEnv.databaseUrl,
  applicationName: "kernel-db-test",
  logger,
});
const suffix = randomBytes(4).toString("hex");
const migrationsTable = `kernel_test_migrations_${suffix}`;
const table = `kernel_test_items_${suffix}`;
/**
 * An advisory lock the seed migration waits for: while the test holds it, the replica running
 * the migrations is stuck inside them, so the others provably start while it runs.
 */
const gateLock = Number.parseInt(suffix, 16);
const migrateApplication = `kernel-db-test-migrate-${suffix}`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "kernel-migrations-"));
  // Deliberately not idempotent: running either twice would fail or duplicate the row.
  await writeFile(
    path.join(dir, "0001_create_items.sql"),
    `-- Up Migration\nCREATE TABLE ${table} (id int PRIMARY KEY, note text);\n-- Down Migration\nDROP TABLE ${table};\n`,
  );
  await writeFile(
    path.join(dir, "0002_seed_items.sql"),
    `-- Up Migration\nINSERT INTO ${table} VALUES (1, 'seed'); SELECT pg_advisory_xact_lock(${gateLock});\n-- Down Migration\nDELETE FROM ${table};\n`,
  );
});

afterAll(async () => {
  await pool.query(`DROP TABLE IF EXISTS ${table}`);
  await pool.query(`DROP TABLE IF EXISTS ${migrationsTable}`);
  await pool.end();
  await rm(dir, { recursive: true, force: true });
});

describe("createPool", () => {
  it("is ready, names itself and bounds statements", async () => {
    await expect(pgReadiness(pool)()).resolves.toBeUndefined();
    const { rows } = await pool.query<{ statement_timeout: string; application_name: string }>(
      "SELECT current_setting('statement_timeout') AS statement_timeout, current_setting('application_name') AS application_name",
    );
    expect(rows[0]).toEqual({ statement_timeout: "30s", application_name: "kernel-db-test" });
  });

  it("reports not ready, quickly, when Postgres is unreachable", async () => {
    const dead = createPool({
      connectionString: "postgres://phoenix@127.0.0.1:1/phoenix",
      applicationName: "kernel-db-test-dead",
      logger,
    });
    try {
      await expect(pgReadiness(dead)()).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await dead.end();
    }
  });
});

describe("migrate", () => {
  it("applies pending migrations exactly once when several replicas start together", async () => {
    const gate = await pool.connect();
    await gate.query("SELECT pg_advisory_lock($1)", [gateLock]);
    const url = new URL(localEnv.databaseUrl);
    url.searchParams.set("application_name", migrateApplication);
    const running = Promise.all(
      [1, 2, 3].map(() => migrate({ databaseUrl: url.toString(), dir, logger, migrationsTable })),
    );
    running.catch(() => undefined); // awaited below, once the gate is open
    try {
      // All three at once: one inside the seed migration, waiting for the gate; two waiting
      // for the migration lock it holds.
      await vi.waitFor(
        async () => {
          const { rows } = await pool.query<{ waiting: number }>(
            "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
            [migrateApplication],
          );
          expect(rows[0]?.waiting).toBe(3);
        },
        { timeout: 10_000, interval: 20 },
      );
    } finally {
      await gate.query("SELECT pg_advisory_unlock_all()");
      gate.release();
    }
    const runs = await running;

    expect(runs.flat().toSorted()).toEqual(["0001_create_items", "0002_seed_items"]);
    const { rows } = await pool.query(`SELECT id, note FROM ${table}`);
    expect(rows).toEqual([{ id: 1, note: "seed" }]);
    await expect(
      migrate({ databaseUrl: localEnv.databaseUrl, dir, logger, migrationsTable }),
    ).resolves.toEqual([]);
  });

  it("reverts the last migration when asked to go down", async () => {
    const reverted = await migrate({
      databaseUrl: localEnv.databaseUrl,
      dir,
      logger,
      migrationsTable,
      direction: "down",
    });
    expect(reverted).toEqual(["0002_seed_items"]);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${table}`);
    expect(rows[0]).toEqual({ n: 0 });
  });
});
