// The two database roles (docs/decisions/0009-database-roles.md) against the real Postgres: the
// services' role reads and writes data through withUser/withSystem, and every way it could switch
// row-level security off, bypass it or change the schema is refused with Postgres' own
// insufficient_privilege (42501). The owner role migrated the database, exactly as `make migrate`
// and the chart's Job do (test/support/sms-path.ts createAppDatabase).
import { grantServiceRole } from "@phoenix/kernel/db";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { SeededUser } from "../../../test/support/sms-data.ts";
import { localEnv } from "../../../test/support/local-env.ts";
import { createAppDatabase } from "../../../test/support/sms-path.ts";
import type { AppDatabase } from "../../../test/support/sms-path.ts";
import { withSystem, withUser } from "../src/index.ts";

let db: AppDatabase;
let pool: pg.Pool;
let alice: SeededUser;

beforeAll(async () => {
  db = await createAppDatabase();
  return () => db.drop();
});
beforeAll(() => {
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  pool.on("error", () => undefined);
  return () => pool.end();
});
beforeAll(async () => {
  alice = await seedUser(pool);
});

/** Runs `statements` in order on a connection of the services' role of its own (session settings die with it). */
async function asService(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Expects Postgres to refuse the last statement with insufficient_privilege and this message. */
async function refused(message: RegExp, ...statements: string[]): Promise<void> {
  const error: Error & { code?: string } = await asService(...statements).then(
    () => new Error(`not refused: ${statements.join("; ")}`),
    (err: unknown) => err as Error & { code?: string },
  );
  expect(error.message).toMatch(message);
  expect(error.code, error.message).toBe("42501");
}

describe("the services' role", () => {
  it("is neither superuser, BYPASSRLS, CREATEROLE nor the owner of anything in the schema", async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT current_user AS role, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
                has_database_privilege(current_database(), 'CREATE') AS create_schema,
                has_database_privilege(current_database(), 'TEMPORARY') AS temporary,
                has_schema_privilege('public', 'CREATE') AS create_in_public,
                (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owned
           FROM pg_roles r WHERE r.rolname = current_user`,
      );
      expect(rows[0]).toEqual({
        role: localEnv.serviceRole,
        rolsuper: false,
        rolbypassrls: false,
        rolcreaterole: false,
        rolcreatedb: false,
        create_schema: false,
        temporary: false,
        create_in_public: false,
        owned: 0,
      });
    } finally {
      await client.end();
    }
  });

  it("cannot ALTER TABLE", async () => {
    await refused(/must be owner of table users/, "ALTER TABLE users ADD COLUMN backdoor text");
  });

  it("cannot switch row-level security off: NO FORCE, DISABLE, or dropping the policy", async () => {
    await refused(/must be owner of table messages/, "ALTER TABLE messages NO FORCE ROW LEVEL SECURITY");
    await refused(/must be owner of table messages/, "ALTER TABLE messages DISABLE ROW LEVEL SECURITY");
    await refused(/must be owner of relation tasks/, "DROP POLICY per_user ON tasks");
  });

  it("cannot bypass row-level security with SET row_security = off", async () => {
    await refused(
      /query would be affected by row-level security policy for table "tasks"/,
      "SET row_security = off",
      "SELECT * FROM tasks",
    );
  });

  it("cannot TRUNCATE, which row-level security would not filter", async () => {
    await refused(/permission denied for table tasks/, "TRUNCATE tasks");
  });

  it("cannot replace the functions the policies call", async () => {
    // Replacing needs CREATE on the schema (checked first) and ownership of the function.
    await refused(
      /permission denied for schema public/,
      "CREATE OR REPLACE FUNCTION phoenix_is_system() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT true $$",
    );
  });

  it("cannot create objects: tables, functions, temporary tables, schemas", async () => {
    await refused(/permission denied for schema public/, "CREATE TABLE public.exfil (data text)");
    await refused(/permission denied for schema public/, "CREATE TABLE exfil (data text)");
    await refused(
      /permission denied for schema public/,
      "CREATE FUNCTION public.always() RETURNS boolean LANGUAGE sql AS $$ SELECT true $$",
    );
    await refused(/permission denied to create temporary tables/, "CREATE TEMP TABLE exfil (data text)");
    await refused(/permission denied for database/, "CREATE SCHEMA exfil");
  });

  it("cannot DROP", async () => {
    await refused(/must be owner of table users/, "DROP TABLE users");
    await refused(/must be owner of function phoenix_current_user/, "DROP FUNCTION phoenix_current_user()");
  });

  it("cannot become the owner or give itself BYPASSRLS", async () => {
    await refused(/permission denied to set role/, `SET ROLE ${localEnv.ownerRole}`);
    await refused(
      /must be superuser to change bypassrls attribute/,
      `ALTER ROLE ${localEnv.serviceRole} BYPASSRLS`,
    );
  });

  it("reads which migrations ran but cannot change that record", async () => {
    await expect(asService("SELECT name FROM pgmigrations")).resolves.toBeUndefined();
    await refused(/permission denied for table pgmigrations/, "DELETE FROM pgmigrations");
  });

  it("still reads and writes its data through withUser and withSystem", async () => {
    await withUser(pool, alice.id, (tx) =>
      tx.query("INSERT INTO tasks (user_id, title) VALUES ($1, 'call the bank')", [alice.id]),
    );
    const titles = await withUser(
      pool,
      alice.id,
      async (tx) => (await tx.query<{ title: string }>("SELECT title FROM tasks")).rows,
    );
    expect(titles).toEqual([{ title: "call the bank" }]);
    await withUser(pool, alice.id, (tx) =>
      tx.query("UPDATE tasks SET status = 'done' WHERE user_id = $1", [alice.id]),
    );
    // A sequence (audit_log.id is bigserial) and a system-only table.
    await withSystem(pool, (tx) =>
      tx.query("INSERT INTO audit_log (action, actor) VALUES ('roles-test', 'self')"),
    );
    const audit = await systemQuery<{ id: string }>(
      pool,
      "SELECT id FROM audit_log WHERE action = 'roles-test'",
    );
    expect(audit).toHaveLength(1);
    const deleted = await withUser(
      pool,
      alice.id,
      async (tx) => (await tx.query("DELETE FROM tasks WHERE user_id = $1", [alice.id])).rowCount,
    );
    expect(deleted).toBe(1);
  });
});

describe("the schema the owner migrated", () => {
  it("forces row-level security on every table the services can reach", async () => {
    const tables = await systemQuery<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>(
      pool,
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'pgmigrations'
          AND has_table_privilege(c.oid, 'SELECT')`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(20);
    for (const table of tables)
      expect(table, table.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it("grants the services' role on what a later migration creates, without a new grant", async () => {
    const owner = new pg.Client({ connectionString: db.ownerUrl });
    await owner.connect();
    try {
      await owner.query(
        `CREATE TABLE later_notes (id bigserial PRIMARY KEY, user_id uuid NOT NULL REFERENCES users (id), note text);
         ALTER TABLE later_notes ENABLE ROW LEVEL SECURITY; ALTER TABLE later_notes FORCE ROW LEVEL SECURITY;
         CREATE POLICY per_user ON later_notes USING (user_id = phoenix_current_user()) WITH CHECK (user_id = phoenix_current_user())`,
      );
    } finally {
      await owner.end();
    }
    const notes = await withUser(pool, alice.id, async (tx) => {
      await tx.query("INSERT INTO later_notes (user_id, note) VALUES ($1, 'hello')", [alice.id]);
      return (await tx.query<{ note: string }>("SELECT note FROM later_notes")).rows;
    });
    expect(notes).toEqual([{ note: "hello" }]);
  });

  it("refuses to grant a role that could undo row-level security: the owner, a superuser", async () => {
    await expect(grantServiceRole({ databaseUrl: db.ownerUrl, role: localEnv.ownerRole })).rejects.toThrow(
      /refusing phoenix_owner as the services' role: it is, or is a member of, the owner/,
    );
    await expect(
      grantServiceRole({ databaseUrl: db.ownerUrl, role: localEnv.postgres.user }),
    ).rejects.toThrow(/it is a superuser, has BYPASSRLS, has CREATEROLE/);
    await expect(grantServiceRole({ databaseUrl: db.ownerUrl, role: "no_such_role" })).rejects.toThrow(
      /role no_such_role does not exist/,
    );
  });
});
