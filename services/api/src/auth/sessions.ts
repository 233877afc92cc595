// Refresh tokens: opaque, rotating, grouped in families (one family per login). A token is
// `<user id>.<32 random bytes, base64url>`; only its SHA-256 is stored. The user id lets the lookup
// run in the user's own row-level-security scope. Presenting a token that was already used or
// revoked means it leaked (or a client replayed it): the whole family is revoked, so neither the
// thief nor the victim can continue without logging in again (OAuth 2.0 Security BCP §4.14.2).
import { createHash, randomBytes } from "node:crypto";
import { HttpError } from "@phoenix/kernel/http";
import { insertedRow, withUser } from "@phoenix/store";
import type { Tx } from "@phoenix/store";
import type pg from "pg";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type RevokeReason = "logout" | "reuse" | "mfa_changed" | "password_changed";

export interface Session {
  userId: string;
  familyId: string;
  amr: string[];
  refreshToken: string;
}

const tokenHash = (token: string): Buffer => createHash("sha256").update(token).digest();

function newToken(userId: string): string {
  return `${userId}.${randomBytes(32).toString("base64url")}`;
}

async function insertToken(
  tx: Tx,
  row: { userId: string; familyId: string | null; parentId: string | null; amr: string[] },
  ttlSeconds: number,
): Promise<{ token: string; familyId: string }> {
  const token = newToken(row.userId);
  const { rows } = await tx.query<{ family_id: string }>(
    `INSERT INTO refresh_tokens (user_id, family_id, token_hash, parent_id, amr, expires_at)
     VALUES ($1, coalesce($2::uuid, gen_random_uuid()), $3, $4, $5, now() + make_interval(secs => $6))
     RETURNING family_id`,
    [row.userId, row.familyId, tokenHash(token), row.parentId, row.amr, ttlSeconds],
  );
  return { token, familyId: insertedRow(rows).family_id };
}

/** Starts a family (a login); returns its first refresh token. */
export async function startSession(
  pool: pg.Pool,
  userId: string,
  options: { amr: string[]; ttlSeconds: number },
): Promise<Session> {
  const { token, familyId } = await withUser(pool, userId, (tx) =>
    insertToken(tx, { userId, familyId: null, parentId: null, amr: options.amr }, options.ttlSeconds),
  );
  return { userId, familyId, amr: options.amr, refreshToken: token };
}

interface TokenRow {
  id: string;
  family_id: string;
  amr: string[];
  expired: boolean;
  used_at: Date | null;
  /** Used less than the grace period ago: a concurrent refresh, not a replay. */
  in_grace: boolean;
  revoked_at: Date | null;
}

type Rotation = { outcome: "rotated"; session: Session } | { outcome: "reused" | "expired" | "unknown" };

export interface RotationPolicy {
  ttlSeconds: number;
  /**
   * How long after its use a refresh token may be presented again and still get a successor:
   * two browser tabs (or a retried request whose answer was lost) refreshing with the same token
   * at the same moment must not log the user out. Later than that it is a replay.
   */
  graceSeconds: number;
}

export function rotationPolicy(config: {
  REFRESH_TOKEN_TTL_SECONDS: number;
  REFRESH_REUSE_GRACE_SECONDS: number;
}): RotationPolicy {
  return { ttlSeconds: config.REFRESH_TOKEN_TTL_SECONDS, graceSeconds: config.REFRESH_REUSE_GRACE_SECONDS };
}

/**
 * Exchanges a refresh token for its successor. Throws 401 for an unknown, expired or reused token;
 * a reuse (after the grace period) revokes the family in a committed transaction before the 401
 * is thrown.
 */
export async function rotateSession(
  pool: pg.Pool,
  refreshToken: string,
  policy: RotationPolicy,
): Promise<Session> {
  const { ttlSeconds, graceSeconds } = policy;
  const userId = refreshToken.split(".")[0] ?? "";
  if (!UUID.test(userId)) throw new HttpError(401, "invalid_refresh_token", "invalid refresh token");
  const rotation = await withUser(pool, userId, async (tx): Promise<Rotation> => {
    const { rows } = await tx.query<TokenRow>(
      `SELECT id, family_id, amr, expires_at <= now() AS expired, used_at, revoked_at,
              coalesce(used_at > now() - make_interval(secs => $2), false) AS in_grace
         FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [tokenHash(refreshToken), graceSeconds],
    );
    const row = rows[0];
    if (!row) return { outcome: "unknown" };
    // Within the grace period a used token gets another successor (a sibling of the first);
    // a revoked one never does.
    if (row.revoked_at || (row.used_at && !row.in_grace)) {
      await revokeFamilyIn(tx, userId, row.family_id, "reuse");
      return { outcome: "reused" };
    }
    if (row.expired) return { outcome: "expired" };
    if (!row.used_at) await tx.query("UPDATE refresh_tokens SET used_at = now() WHERE id = $1", [row.id]);
    const next = await insertToken(
      tx,
      { userId, familyId: row.family_id, parentId: row.id, amr: row.amr },
      ttlSeconds,
    );
    return {
      outcome: "rotated",
      session: { userId, familyId: row.family_id, amr: row.amr, refreshToken: next.token },
    };
  });
  if (rotation.outcome === "rotated") return rotation.session;
  if (rotation.outcome === "reused") {
    throw new HttpError(401, "refresh_token_reused", "refresh token already used: the session was revoked");
  }
  throw new HttpError(
    401,
    "invalid_refresh_token",
    `refresh token ${rotation.outcome === "expired" ? "expired" : "invalid"}`,
  );
}

async function revokeFamilyIn(
  tx: Tx,
  userId: string,
  familyId: string,
  reason: RevokeReason,
): Promise<number> {
  const { rowCount } = await tx.query(
    `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3
      WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL`,
    [userId, familyId, reason],
  );
  return rowCount ?? 0;
}

export function revokeFamily(pool: pg.Pool, userId: string, familyId: string, reason: RevokeReason) {
  return withUser(pool, userId, (tx) => revokeFamilyIn(tx, userId, familyId, reason));
}

/**
 * Revokes the family a refresh token belongs to (logout with the browser's cookie only); an
 * unknown or malformed token revokes nothing. Returns the user, when the token was theirs.
 */
export async function revokeByToken(
  pool: pg.Pool,
  refreshToken: string,
  reason: RevokeReason,
): Promise<string | undefined> {
  const userId = refreshToken.split(".")[0] ?? "";
  if (!UUID.test(userId)) return undefined;
  return withUser(pool, userId, async (tx) => {
    const { rows } = await tx.query<{ family_id: string }>(
      "SELECT family_id FROM refresh_tokens WHERE token_hash = $1",
      [tokenHash(refreshToken)],
    );
    const row = rows[0];
    if (!row) return undefined;
    await revokeFamilyIn(tx, userId, row.family_id, reason);
    return userId;
  });
}

/** Revokes every family of the user but `keep` (e.g. after enabling MFA or a password change). */
export function revokeOtherSessions(tx: Tx, userId: string, keep: string | null, reason: RevokeReason) {
  return tx.query(
    `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = $3
      WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR family_id <> $2::uuid)`,
    [userId, keep, reason],
  );
}
