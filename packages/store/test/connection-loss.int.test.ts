// A connection lost in the middle of a transaction (Postgres restarted, the backend terminated)
// must fail that transaction only: the process lives on and the pool hands out working clients.
// Without a listener on the checked-out client, pg emits the loss as an uncaught 'error' event,
// which ended the workers when Postgres restarted (found by test/platform/chaos-numbers).
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { localEnv } from "../../../test/support/local-env.ts";
import { migratedDatabase } from "../../../test/support/sms-data.ts";
import type { TestDatabase } from "../../../test/support/sms-data.ts";
import { withSystem } from "../src/index.ts";

describe("a connection lost inside a transaction", () => {
  let db: TestDatabase;
  let admin: pg.Client;
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: localEnv.databaseUrl });
    await admin.connect();
    return () => admin.end();
  });

  it("fails that transaction, leaves the process running, and the pool recovers", async () => {
    const attempt = withSystem(db.pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const ended = new Promise((resolve) => tx.once("end", resolve));
      await admin.query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
      // Between two queries, as a reconcile awaiting something else would be.
      await ended;
      return tx.query("SELECT 1");
    });
    await expect(attempt).rejects.toThrow();
    const again = await withSystem(db.pool, (tx) => tx.query<{ ok: number }>("SELECT 1 AS ok"));
    expect(again.rows).toEqual([{ ok: 1 }]);
  });
});
