// Access tokens: short-lived JWTs signed with the active key of the KeyRotation-managed key set
// and verified against every key still in the set, looked up by `kid` (docs/keyset-format.md).
// The keyring hot-reloads the mounted Secret, so a rotation needs no restart; signing moves to a
// new key only at its activatesAt, after every replica has loaded it (docs/decisions/0040).
import type { Keyring } from "./keyring.ts";
import { HttpError } from "./http.ts";
import { SignJWT, errors, jwtVerify } from "jose";
import type { JWTHeaderParameters, JWTPayload, KeyObject } from "jose";
import { Counter } from "prom-client";
import type { Registry } from "prom-client";

export const roles = ["user", "premium", "admin"] as const;
export type Role = (typeof roles)[number];

export interface Principal {
  userId: string;
  roles: Role[];
  /** The refresh-token family (session) the token was issued for. */
  sessionId: string;
  /** How the session was authenticated: ["pwd"] or ["pwd", "otp"]. */
  amr: string[];
}

export interface TokenOptions {
  keyring: Keyring;
  issuer: string;
  audience: string;
  accessTtlSeconds: number;
  /** Default 300 s: how long a password-checked login may take to present its second factor. */
  mfaChallengeTtlSeconds?: number;
  /** Default 5 s of clock skew between replicas. */
  clockToleranceSeconds?: number;
  /** Verified access tokens remembered until they expire; default 10,000, 0 turns it off. */
  cacheSize?: number;
  /** Where auth_token_verifications_total{result} is registered (the service's registry). */
  registry?: Registry;
}

/**
 * Why an access token did not verify, as auth_token_verifications_total's `result` (besides
 * "valid"): a bounded set. unknown_kid, bad_signature and wrong_alg are what a botched key
 * rotation causes (a replica without the new key, a key removed too early, a changed algorithm);
 * the SLO "key rotation without 401" counts them (docs/decisions/0046).
 */
export const tokenFailureReasons = [
  "expired",
  "unknown_kid",
  "bad_signature",
  "wrong_alg",
  "bad_claims",
  "malformed",
] as const;
export type TokenFailureReason = (typeof tokenFailureReasons)[number];
/**
 * A request refused for want of an access token (no Authorization header, or one that is not
 * `Bearer <token>`) on a route that requires one; counted by the access guard, never by the
 * verifier. The client's, not a key rotation's: neither a bad event nor a verification in the
 * key-rotation SLO (docs/decisions/0046).
 */
export const MISSING_TOKEN = "missing";
type VerificationResult = "valid" | TokenFailureReason | typeof MISSING_TOKEN;

/** The reason a jose verification error stands for. */
export function failureReason(err: unknown): TokenFailureReason {
  if (err instanceof errors.JWTExpired) return "expired";
  if (err instanceof errors.JWKSNoMatchingKey) return "unknown_kid";
  if (err instanceof errors.JWSSignatureVerificationFailed) return "bad_signature";
  if (err instanceof errors.JOSEAlgNotAllowed) return "wrong_alg";
  if (err instanceof errors.JWTClaimValidationFailed) return "bad_claims";
  return "malformed";
}

// One counter per registry, shared by every createTokens on it (tests build several); a no-op
// without a registry.
function verificationCounter(registry: Registry | undefined): (result: VerificationResult) => void {
  if (!registry) return () => undefined;
  const existing = registry.getSingleMetric("auth_token_verifications_total");
  const counter =
    existing instanceof Counter
      ? existing
      : new Counter({
          name: "auth_token_verifications_total",
          help: "Access tokens presented and verified, by result (valid, or why not: expired, unknown_kid, bad_signature, wrong_alg, bad_claims, malformed; missing: none presented where one is required)",
          labelNames: ["result"],
          registers: [registry],
        });
  // Every result exported from the start at 0: a ratio over them has series before the first failure.
  for (const result of ["valid", ...tokenFailureReasons, MISSING_TOKEN] as const) counter.inc({ result }, 0);
  return (result) => {
    counter.inc({ result });
  };
}

/** A token that did not verify: the 401 to answer and the reason to count. */
class TokenError extends HttpError {
  readonly reason: TokenFailureReason;

  constructor(reason: TokenFailureReason, message: string) {
    super(401, "invalid_token", message);
    this.reason = reason;
  }
}

export interface Tokens {
  issueAccess(principal: Principal): Promise<{ token: string; expiresIn: number }>;
  /** Throws HttpError 401 for anything but a valid, unexpired access token. */
  verifyAccess(token: string): Promise<Principal>;
  issueMfaChallenge(userId: string): Promise<string>;
  /** Returns the user id the challenge was issued for; throws HttpError 401 otherwise. */
  verifyMfaChallenge(token: string): Promise<string>;
  /** Counts a request refused for want of an access token (result "missing"; the access guard). */
  countMissing(): void;
}

const ACCESS_TYP = "at+jwt";
const MFA_TYP = "mfa+jwt";

/** user always; premium while the plan is premium; admin by role. */
export function rolesOf(user: { role: string; plan: string }): Role[] {
  const granted: Role[] = ["user"];
  if (user.plan === "premium") granted.push("premium");
  if (user.role === "admin") granted.push("admin");
  return granted;
}

export function createTokens(options: TokenOptions): Tokens {
  const { keyring, issuer, audience, accessTtlSeconds } = options;
  const mfaTtl = options.mfaChallengeTtlSeconds ?? 300;
  const clockTolerance = options.clockToleranceSeconds ?? 5;
  const cache = verifiedCache(options.cacheSize ?? 10_000);
  const count = verificationCounter(options.registry);
  // A key that leaves the set must stop verifying at once: forget everything on each reload.
  keyring.on("change", () => {
    cache.clear();
  });

  async function sign(payload: JWTPayload, typ: string, ttlSeconds: number): Promise<string> {
    const key = keyring.signingKey();
    return new SignJWT(payload)
      .setProtectedHeader({ alg: key.algorithm, kid: key.kid, typ })
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(key.signing);
  }

  // Only keys of the set the operator manages, by kid; no kid or an unknown kid is a 401.
  const keyFor = (header: JWTHeaderParameters): KeyObject => {
    const key = header.kid === undefined ? undefined : keyring.byKid(header.kid);
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key.verification;
  };

  async function verify(token: string, typ: string): Promise<JWTPayload & { sub: string; exp: number }> {
    try {
      const { payload } = await jwtVerify(token, keyFor, {
        issuer,
        audience,
        typ,
        algorithms: [keyring.current().algorithm],
        clockTolerance,
        requiredClaims: ["sub", "exp", "iat"],
      });
      // jose has checked both are present (requiredClaims) and of their types; this tells TypeScript.
      const { sub, exp } = payload;
      if (sub === undefined || exp === undefined)
        throw new errors.JWTClaimValidationFailed("missing claim", payload);
      return { ...payload, sub, exp };
    } catch (err) {
      throw new TokenError(failureReason(err), tokenProblem(err));
    }
  }

  return {
    async issueAccess(principal) {
      const token = await sign(
        { sub: principal.userId, roles: principal.roles, sid: principal.sessionId, amr: principal.amr },
        ACCESS_TYP,
        accessTtlSeconds,
      );
      return { token, expiresIn: accessTtlSeconds };
    },
    async verifyAccess(token) {
      const known = cache.get(token);
      if (known) {
        count("valid");
        return known;
      }
      const payload = await verify(token, ACCESS_TYP).catch((err: unknown) => {
        if (err instanceof TokenError) count(err.reason);
        throw err;
      });
      count("valid");
      const principal = {
        userId: payload.sub,
        roles: (Array.isArray(payload["roles"]) ? payload["roles"] : []) as Role[],
        sessionId: typeof payload["sid"] === "string" ? payload["sid"] : "",
        amr: (Array.isArray(payload["amr"]) ? payload["amr"] : []) as string[],
      };
      cache.set(token, principal, payload.exp * 1000);
      return principal;
    },
    issueMfaChallenge: (userId) => sign({ sub: userId }, MFA_TYP, mfaTtl),
    async verifyMfaChallenge(token) {
      return (await verify(token, MFA_TYP)).sub;
    },
    countMissing() {
      count(MISSING_TOKEN);
    },
  };
}

// A client sends the same access token for its whole lifetime: remembering the verification (the
// signature check is most of the cost of authenticating a request) until the token's own expiry
// changes nothing about what is accepted. Oldest entries go first when full.
function verifiedCache(size: number) {
  const entries = new Map<string, { principal: Principal; expiresAt: number }>();
  return {
    get(token: string): Principal | undefined {
      const entry = entries.get(token);
      if (!entry) return undefined;
      if (entry.expiresAt > Date.now()) return entry.principal;
      entries.delete(token);
      return undefined;
    },
    set(token: string, principal: Principal, expiresAt: number): void {
      if (size === 0) return;
      const oldest = entries.keys().next();
      if (entries.size >= size && !oldest.done) entries.delete(oldest.value);
      entries.set(token, { principal, expiresAt });
    },
    clear: () => {
      entries.clear();
    },
  };
}

function tokenProblem(err: unknown): string {
  if (err instanceof errors.JWTExpired) return "token expired";
  if (err instanceof errors.JWKSNoMatchingKey) return "token signed with an unknown key";
  return "invalid token";
}
