// Accounts in Postgres: the users row (0001) plus credentials (0002). Lookups by e-mail happen
// before anyone is authenticated, so they run in the system scope; everything after, per user.
import { languageOf } from "@phoenix/assistant";
import type { Language } from "@phoenix/assistant";
import { HttpError } from "@phoenix/kernel/http";
import { insertedRow, withSystem, withUser } from "@phoenix/store";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

export interface Account {
  id: string;
  email: string | null;
  phone: string | null;
  plan: "free" | "premium";
  role: "user" | "admin";
  timeZone: string;
  /** The language the user reads: their choice, else the default of their phone's country. */
  language: Language;
  /** When the assistant holds its texts back (nudges, reminders' follow-ups), local "HH:MM"; null: none. */
  quietHours: { start: string; end: string } | null;
  createdAt: Date;
}

interface AccountRow {
  id: string;
  email: string | null;
  phone_e164: string | null;
  plan: "free" | "premium";
  role: "user" | "admin";
  time_zone: string;
  /** null until the user chooses. */
  language: Language | null;
  quiet_start: string | null;
  quiet_end: string | null;
  created_at: Date;
}

export const accountColumns =
  "id, email, phone_e164, plan, role, time_zone, language, quiet_start, quiet_end, created_at";

export const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  email: row.email,
  phone: row.phone_e164,
  plan: row.plan,
  role: row.role,
  timeZone: row.time_zone,
  language: languageOf(row),
  quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
  createdAt: row.created_at,
});

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** E.164 of a phone in international format; 400 naming the field when it is not a valid number. */
export function normalisePhone(phone: string, field = "body/phone"): string {
  const parsed = parsePhoneNumberFromString(phone.trim());
  if (!parsed?.isValid()) {
    throw new HttpError(
      400,
      "validation_error",
      `${field} must be a valid phone number in international format (+…)`,
    );
  }
  return parsed.number;
}

const isUniqueViolation = (err: unknown, constraint: string): boolean =>
  (err as { code?: string; constraint?: string }).code === "23505" &&
  (err as { constraint?: string }).constraint === constraint;

export async function createAccount(
  pool: pg.Pool,
  input: { email: string; phone: string | null; passwordHash: string },
): Promise<Account> {
  try {
    return await withSystem(pool, async (tx) => {
      const { rows } = await tx.query<AccountRow>(
        `INSERT INTO users (email, phone_e164) VALUES ($1, $2) RETURNING ${accountColumns}`,
        [input.email, input.phone],
      );
      const account = toAccount(insertedRow(rows));
      await tx.query("INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2)", [
        account.id,
        input.passwordHash,
      ]);
      return account;
    });
  } catch (err) {
    if (isUniqueViolation(err, "users_email_key"))
      throw new HttpError(409, "email_taken", "body/email is already registered");
    if (isUniqueViolation(err, "users_phone_e164_key"))
      throw new HttpError(409, "phone_taken", "body/phone is already registered");
    throw err;
  }
}

export async function findLogin(
  pool: pg.Pool,
  email: string,
): Promise<{ account: Account; passwordHash: string } | undefined> {
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<AccountRow & { password_hash: string }>(
      `SELECT ${accountColumns.replace(/(\w+)/g, "u.$1")}, c.password_hash
         FROM users u JOIN credentials c ON c.user_id = u.id WHERE u.email = $1`,
      [email],
    );
    const row = rows[0];
    return row && { account: toAccount(row), passwordHash: row.password_hash };
  });
}

export async function loadAccount(pool: pg.Pool, userId: string): Promise<Account | undefined> {
  return withUser(pool, userId, async (tx) => {
    const { rows } = await tx.query<AccountRow>(`SELECT ${accountColumns} FROM users WHERE id = $1`, [
      userId,
    ]);
    return rows[0] && toAccount(rows[0]);
  });
}

export async function requireAccount(pool: pg.Pool, userId: string): Promise<Account> {
  const account = await loadAccount(pool, userId);
  if (!account) throw new HttpError(404, "user_not_found", "the account no longer exists");
  return account;
}

export async function setPasswordHash(tx: Tx, userId: string, passwordHash: string): Promise<void> {
  await tx.query("UPDATE credentials SET password_hash = $2, updated_at = now() WHERE user_id = $1", [
    userId,
    passwordHash,
  ]);
}

export function updatePasswordHash(pool: pg.Pool, userId: string, passwordHash: string): Promise<void> {
  return withUser(pool, userId, (tx) => setPasswordHash(tx, userId, passwordHash));
}
