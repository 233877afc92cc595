// GDPR export (Art. 15/20): every row of the user in every table that has a user_id column — found
// from the catalogue, so a table added by a later migration is exported without touching this file
// — plus the users row and the number's resource. Read in the user's own RLS scope. Secrets that
// only the platform can use (hashes, sealed TOTP secret) are replaced by "[redacted]".
import { withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

/** Columns whose value is a credential, not information about the user. */
export const redactedColumns: Record<string, readonly string[]> = {
  credentials: ["password_hash"],
  refresh_tokens: ["token_hash"],
  mfa_totp: ["secret_ciphertext"],
  mfa_recovery_codes: ["code_hash"],
};

const quote = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Public tables with a user_id column, i.e. every user-owned table but users itself. */
export async function userTables(tx: Tx): Promise<string[]> {
  const { rows } = await tx.query<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = 'public' AND c.column_name = 'user_id' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name`,
  );
  return rows.map((row) => row.table_name);
}

function exportable(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const hidden = redactedColumns[table] ?? [];
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      if (hidden.includes(column)) return [column, "[redacted]"];
      if (Buffer.isBuffer(value)) return [column, value.toString("hex")];
      if (typeof value === "bigint") return [column, value.toString()];
      return [column, value];
    }),
  );
}

export interface UserExport {
  exportedAt: string;
  user: Record<string, unknown>;
  tables: Record<string, Record<string, unknown>[]>;
}

export async function exportUser(pool: pg.Pool, userId: string): Promise<UserExport | undefined> {
  return withUser(pool, userId, async (tx) => {
    const user = await tx.query<Record<string, unknown>>("SELECT * FROM users WHERE id = $1", [userId]);
    if (!user.rows[0]) return undefined;
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const table of await userTables(tx)) {
      const { rows } = await tx.query<Record<string, unknown>>(
        `SELECT * FROM ${quote(table)} WHERE user_id = $1`,
        [userId],
      );
      tables[table] = rows.map((row) => exportable(table, row));
    }
    return { exportedAt: new Date().toISOString(), user: exportable("users", user.rows[0]), tables };
  });
}

/** Row counts per user table (for the anonymised audit entry of a deletion). */
export async function rowCounts(tx: Tx, userId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await userTables(tx)) {
    const { rows } = await tx.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${quote(table)} WHERE user_id = $1`,
      [userId],
    );
    counts[table] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}
