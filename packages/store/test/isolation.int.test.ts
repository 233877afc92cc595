// Row-level security as the services' own role sees it: a user-scoped transaction reads and
// writes only that user's rows, an unscoped query sees nothing, and only the system scope spans users.
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { migratedDatabase, seedUser, systemQuery } from "../../../test/support/sms-data.ts";
import type { SeededUser, TestDatabase } from "../../../test/support/sms-data.ts";
import { withSystem, withUser } from "../src/index.ts";

const userTables = [
  "phone_numbers",
  "messages",
  "tasks",
  "reminders",
  "focus_sessions",
  "energy_checkins",
  "memory",
  "events",
  "nudges",
  "opt_outs",
  "quota_notices",
  "usage_monthly",
];

describe("per-user isolation (row-level security)", () => {
  let db: TestDatabase;
  let alice: SeededUser;
  let bob: SeededUser;
  beforeAll(async () => {
    db = await migratedDatabase();
    return () => db.close();
  });
  beforeAll(async () => {
    alice = await seedUser(db.pool);
    bob = await seedUser(db.pool);
    for (const user of [alice, bob])
      await systemQuery(db.pool, "INSERT INTO tasks (user_id, title) VALUES ($1, $2)", [
        user.id,
        `task of ${user.id}`,
      ]);
  });

  it("guards every user-owned table with forced row-level security", async () => {
    const rows = await systemQuery<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>(db.pool, "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1)", [
      [...userTables, "users"],
    ]);
    expect(rows).toHaveLength(userTables.length + 1);
    for (const row of rows)
      expect(row, row.relname).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });

  it("shows a user only their own rows, even to a query without a user filter", async () => {
    const seen = await withUser(
      db.pool,
      alice.id,
      async (tx) => (await tx.query<{ user_id: string }>("SELECT user_id FROM tasks")).rows,
    );
    expect(seen).toEqual([{ user_id: alice.id }]);
    const users = await withUser(
      db.pool,
      alice.id,
      async (tx) => (await tx.query<{ id: string }>("SELECT id FROM users")).rows,
    );
    expect(users).toEqual([{ id: alice.id }]);
  });

  it("refuses to write a row for another user", async () => {
    await expect(
      withUser(db.pool, alice.id, (tx) =>
        tx.query("INSERT INTO tasks (user_id, title) VALUES ($1, 'sneaky')", [bob.id]),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await withUser(
      db.pool,
      alice.id,
      async (tx) =>
        (await tx.query("UPDATE tasks SET title = 'hijacked' WHERE user_id = $1", [bob.id])).rowCount,
    );
    expect(updated).toBe(0);
  });

  it("shows nothing to a query outside any scope", async () => {
    const { rows } = await db.pool.query("SELECT * FROM tasks");
    expect(rows).toEqual([]);
  });

  it("lets the system scope see every user", async () => {
    const rows = await withSystem(
      db.pool,
      async (tx) => (await tx.query<{ user_id: string }>("SELECT DISTINCT user_id FROM tasks")).rows,
    );
    expect(rows).toHaveLength(2);
  });

  it("prepares a scoped query once per connection, and its cached plan still shows each user only their rows", async () => {
    // One connection, so every transaction below reuses the same prepared statement; past five
    // executions Postgres may switch it to a generic plan.
    const single = new pg.Pool({ connectionString: db.pool.options.connectionString, max: 1 });
    try {
      const titles = (user: SeededUser) =>
        withUser(single, user.id, async (tx) => {
          const { rows } = await tx.query<{ title: string }>("SELECT title FROM tasks WHERE status = $1", [
            "open",
          ]);
          return rows.map((row) => row.title);
        });
      for (let i = 0; i < 8; i += 1) expect(await titles(alice)).toEqual([`task of ${alice.id}`]);
      expect(await titles(bob)).toEqual([`task of ${bob.id}`]);
      const prepared = await withUser(single, alice.id, async (tx) => {
        const { rows } = await tx.query<{ statement: string }>(
          "SELECT statement FROM pg_prepared_statements WHERE name LIKE $1",
          ["phx\\_%"],
        );
        return rows.map((row) => row.statement);
      });
      expect(prepared).toContain("SELECT title FROM tasks WHERE status = $1");
    } finally {
      await single.end();
    }
  });

  it("rejects something that is not a user id before it reaches SQL", async () => {
    await expect(withUser(db.pool, "' OR 1=1 --", () => Promise.resolve(null))).rejects.toThrow(
      /not a user id/,
    );
  });
});
