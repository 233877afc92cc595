// TOTP second factor (RFC 6238 through otplib) and one-time recovery codes. The TOTP secret is
// sealed with the internal key set; each accepted code's time step is stored, so a code is never
// accepted twice (otplib's afterTimeStep). Recovery codes are random, shown once, stored as SHA-256.
import { createHash, randomBytes } from "node:crypto";
import { HttpError } from "@phoenix/kernel/http";
import { withSystem, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import { generateSecret, generateURI, verify } from "otplib";
import type pg from "pg";
import type { SecretBox } from "./secret-box.ts";

export const RECOVERY_CODE_COUNT = 10;
const RECOVERY_CODE = /^[a-z2-7]{5}-[a-z2-7]{5}$/;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export interface MfaOptions {
  pool: pg.Pool;
  box: SecretBox;
  issuer: string;
  /** Default () => Date.now(). */
  now?: () => number;
}

interface MfaRow {
  secret_ciphertext: Buffer;
  key_id: string;
  confirmed_at: Date | null;
  last_time_step: string | null;
}

const hashCode = (code: string): Buffer => createHash("sha256").update(code.toLowerCase()).digest();

function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((byte) => BASE32[byte % 32]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function loadMfa(tx: Tx, userId: string): Promise<MfaRow | undefined> {
  const { rows } = await tx.query<MfaRow>(
    "SELECT secret_ciphertext, key_id, confirmed_at, last_time_step FROM mfa_totp WHERE user_id = $1 FOR UPDATE",
    [userId],
  );
  return rows[0];
}

interface FactorDeps {
  box: SecretBox;
  now: () => number;
}

// Checks a TOTP code or, failing that, a recovery code; consumes what it accepts.
async function acceptFactor(
  { box, now }: FactorDeps,
  tx: Tx,
  userId: string,
  { row, code }: { row: MfaRow; code: string },
): Promise<"otp" | "recovery" | null> {
  if (/^[0-9]{6}$/.test(code)) {
    const secret = box.open({ ciphertext: row.secret_ciphertext, kid: row.key_id });
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(now() / 1000),
      epochTolerance: 30,
      ...(row.last_time_step !== null && { afterTimeStep: Number(row.last_time_step) }),
    }).catch(() => ({ valid: false as const }));
    if (!result.valid || !("timeStep" in result)) return null;
    await tx.query("UPDATE mfa_totp SET last_time_step = $2 WHERE user_id = $1", [userId, result.timeStep]);
    return "otp";
  }
  if (!RECOVERY_CODE.test(code.toLowerCase()) || !row.confirmed_at) return null;
  const { rowCount } = await tx.query(
    "UPDATE mfa_recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
    [userId, hashCode(code)],
  );
  return rowCount ? "recovery" : null;
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await tx.query("DELETE FROM mfa_recovery_codes WHERE user_id = $1", [userId]);
  await tx.query("INSERT INTO mfa_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::bytea[])", [
    userId,
    codes.map(hashCode),
  ]);
  return codes;
}

/** Re-seals every secret not under the current internal key; returns how many were re-sealed. */
async function reseal(pool: pg.Pool, box: SecretBox): Promise<number> {
  return withSystem(pool, async (tx) => {
    const { rows } = await tx.query<{ user_id: string; secret_ciphertext: Buffer; key_id: string }>(
      "SELECT user_id, secret_ciphertext, key_id FROM mfa_totp WHERE key_id <> $1 FOR UPDATE",
      [box.currentKid()],
    );
    let resealed = 0;
    for (const row of rows) {
      let secret: string;
      try {
        secret = box.open({ ciphertext: row.secret_ciphertext, kid: row.key_id });
      } catch {
        // Its key already left the set: that user must enrol again; the others still move on.
        continue;
      }
      const sealed = box.seal(secret);
      await tx.query("UPDATE mfa_totp SET secret_ciphertext = $2, key_id = $3 WHERE user_id = $1", [
        row.user_id,
        sealed.ciphertext,
        sealed.kid,
      ]);
      resealed += 1;
    }
    return resealed;
  });
}

export function createMfa({ pool, box, issuer, now = Date.now }: MfaOptions) {
  const factor = (tx: Tx, userId: string, row: MfaRow, code: string) =>
    acceptFactor({ box, now }, tx, userId, { row, code });
  const mustBeEnabled = (row: MfaRow | undefined): MfaRow => {
    if (!row?.confirmed_at) throw new HttpError(409, "mfa_not_enabled", "MFA is not enabled");
    return row;
  };
  const invalidCode = () => new HttpError(400, "invalid_code", "body/code is not a valid code");

  return {
    async enabled(tx: Tx, userId: string): Promise<boolean> {
      const { rows } = await tx.query(
        "SELECT 1 FROM mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL",
        [userId],
      );
      return rows.length > 0;
    },

    /** Starts (or restarts) enrolment; 409 when MFA is already on. */
    enrol(userId: string, label: string): Promise<{ secret: string; otpauthUrl: string }> {
      return withUser(pool, userId, async (tx) => {
        const existing = await loadMfa(tx, userId);
        if (existing?.confirmed_at) throw new HttpError(409, "mfa_already_enabled", "MFA is already enabled");
        const secret = generateSecret();
        const sealed = box.seal(secret);
        await tx.query(
          `INSERT INTO mfa_totp (user_id, secret_ciphertext, key_id) VALUES ($1, $2, $3)
           ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = $2, key_id = $3, last_time_step = NULL, created_at = now()`,
          [userId, sealed.ciphertext, sealed.kid],
        );
        return { secret, otpauthUrl: generateURI({ issuer, label, secret }) };
      });
    },

    /** Confirms enrolment with a first code; returns the recovery codes (shown once). */
    confirm(userId: string, code: string): Promise<string[]> {
      return withUser(pool, userId, async (tx) => {
        const row = await loadMfa(tx, userId);
        if (!row) throw new HttpError(409, "mfa_not_enrolled", "start enrolment first");
        if (row.confirmed_at) throw new HttpError(409, "mfa_already_enabled", "MFA is already enabled");
        if ((await factor(tx, userId, row, code)) !== "otp") throw invalidCode();
        await tx.query("UPDATE mfa_totp SET confirmed_at = now() WHERE user_id = $1", [userId]);
        return replaceRecoveryCodes(tx, userId);
      });
    },

    /** The second login step; false for a wrong or replayed code. */
    verify(userId: string, code: string): Promise<"otp" | "recovery" | null> {
      return withUser(pool, userId, async (tx) => {
        const row = await loadMfa(tx, userId);
        if (!row?.confirmed_at) return null;
        return factor(tx, userId, row, code);
      });
    },

    /** Turns MFA off; needs a valid code (TOTP or recovery). */
    disable(userId: string, code: string): Promise<void> {
      return withUser(pool, userId, async (tx) => {
        const row = mustBeEnabled(await loadMfa(tx, userId));
        if (!(await factor(tx, userId, row, code))) throw invalidCode();
        await tx.query("DELETE FROM mfa_recovery_codes WHERE user_id = $1", [userId]);
        await tx.query("DELETE FROM mfa_totp WHERE user_id = $1", [userId]);
      });
    },

    regenerateRecoveryCodes(userId: string, code: string): Promise<string[]> {
      return withUser(pool, userId, async (tx) => {
        const row = mustBeEnabled(await loadMfa(tx, userId));
        if ((await factor(tx, userId, row, code)) !== "otp") throw invalidCode();
        return replaceRecoveryCodes(tx, userId);
      });
    },

    /** Re-seals every secret not under the current internal key; run at start and on each key-set change. */
    reseal: () => reseal(pool, box),
  };
}
export type Mfa = ReturnType<typeof createMfa>;
