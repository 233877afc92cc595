// Consent records (GDPR Art. 7): what the user agreed to, which policy version, when; withdrawal
// closes the record instead of deleting it, so the history stays provable.
import { HttpError } from "@phoenix/kernel/http";
import { insertedRow, withUser } from "@phoenix/store";
import type pg from "pg";

export interface Consent {
  id: string;
  type: string;
  policyVersion: string;
  grantedAt: Date;
  withdrawnAt: Date | null;
}

interface ConsentRow {
  id: string;
  type: string;
  policy_version: string;
  granted_at: Date;
  withdrawn_at: Date | null;
}

const columns = "id, type, policy_version, granted_at, withdrawn_at";
const toConsent = (row: ConsentRow): Consent => ({
  id: row.id,
  type: row.type,
  policyVersion: row.policy_version,
  grantedAt: row.granted_at,
  withdrawnAt: row.withdrawn_at,
});

/** Grants a consent; the same open grant is returned as is (created: false), a new version supersedes it. */
export function grantConsent(
  pool: pg.Pool,
  userId: string,
  input: { type: string; policyVersion: string },
): Promise<{ created: boolean; consent: Consent }> {
  return withUser(pool, userId, async (tx) => {
    // Serialises a user's concurrent grants: without it two could both find no open consent and
    // both insert one (the unique index would turn the second into a 500).
    await tx.query("SELECT 1 FROM users WHERE id = $1 FOR NO KEY UPDATE", [userId]);
    const open = await tx.query<ConsentRow>(
      `SELECT ${columns} FROM consents WHERE user_id = $1 AND type = $2 AND withdrawn_at IS NULL FOR UPDATE`,
      [userId, input.type],
    );
    const current = open.rows[0];
    if (current?.policy_version === input.policyVersion)
      return { created: false, consent: toConsent(current) };
    if (current) await tx.query("UPDATE consents SET withdrawn_at = now() WHERE id = $1", [current.id]);
    const { rows } = await tx.query<ConsentRow>(
      `INSERT INTO consents (user_id, type, policy_version) VALUES ($1, $2, $3) RETURNING ${columns}`,
      [userId, input.type, input.policyVersion],
    );
    return { created: true, consent: toConsent(insertedRow(rows)) };
  });
}

export function withdrawConsent(pool: pg.Pool, userId: string, type: string): Promise<Consent> {
  return withUser(pool, userId, async (tx) => {
    const { rows } = await tx.query<ConsentRow>(
      `UPDATE consents SET withdrawn_at = now() WHERE user_id = $1 AND type = $2 AND withdrawn_at IS NULL
       RETURNING ${columns}`,
      [userId, type],
    );
    if (!rows[0]) throw new HttpError(404, "no_consent", `no open consent of type ${type}`);
    return toConsent(rows[0]);
  });
}

export function listConsents(pool: pg.Pool, userId: string): Promise<Consent[]> {
  return withUser(pool, userId, async (tx) => {
    const { rows } = await tx.query<ConsentRow>(
      `SELECT ${columns} FROM consents WHERE user_id = $1 ORDER BY granted_at, id`,
      [userId],
    );
    return rows.map(toConsent);
  });
}
