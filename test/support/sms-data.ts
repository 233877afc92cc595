// Builders for SMS-path rows in a test database (as the platform would have written them).
import { randomBytes } from "node:crypto";
import pg from "pg";
import { withSystem } from "@phoenix/store";
import { createAppDatabase } from "./sms-path.ts";

export interface TestDatabase {
  pool: pg.Pool;
  close(): Promise<void>;
}

/** A fresh database migrated by the owner role; the pool connects as the services' role. */
export async function migratedDatabase(): Promise<TestDatabase> {
  const db = await createAppDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 6 });
  // Teardown drops the database WITH (FORCE); an idle client cut off then is expected, not a failure.
  pool.on("error", () => undefined);
  return {
    pool,
    async close() {
      await pool.end();
      await db.drop();
    },
  };
}

export interface SeededUser {
  id: string;
  phone: string;
  number: string;
}

export interface UserSeed {
  timeZone?: string;
  plan?: "free" | "premium";
  quiet?: { start: string; end: string };
  /** Default a fresh +1415555xxxx; pass one bought at the emulator to really send. */
  number?: string;
  /** The user's own phone; default a fresh +1646xxxxxxx (whose default language is English). */
  phone?: string;
  /** The chosen language; default none (users.language NULL: the phone's default). */
  language?: "fr" | "en";
}

const digits = (n: number): string =>
  String(parseInt(randomBytes(3).toString("hex"), 16) % 10 ** n).padStart(n, "0");

/** A fresh French mobile (+33 6 1x xx xx xx): French by default. */
export const frenchPhone = (): string => `+3361${digits(7)}`;

export async function seedUser(pool: pg.Pool, seed: UserSeed = {}): Promise<SeededUser> {
  const phone = seed.phone ?? `+1646${digits(7)}`;
  const number = seed.number ?? `+1415${digits(7)}`;
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      "INSERT INTO users (phone_e164, plan, time_zone, quiet_start, quiet_end, language) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [
        phone,
        seed.plan ?? "free",
        seed.timeZone ?? "America/New_York",
        seed.quiet?.start ?? null,
        seed.quiet?.end ?? null,
        seed.language ?? null,
      ],
    );
    const id = rows[0]!.id;
    await tx.query("INSERT INTO phone_numbers (user_id, e164) VALUES ($1, $2)", [id, number]);
    return { id, phone, number };
  });
}

export async function systemQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return withSystem(pool, async (tx) => (await tx.query<R>(sql, params)).rows);
}
