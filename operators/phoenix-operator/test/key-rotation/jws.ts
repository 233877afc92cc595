// Compact JWS (RFC 7515) signed and verified with the keyring's KeyObjects through node:crypto —
// Node's primitives, nothing hand-rolled: ES256 (ECDSA P-256, raw r||s signatures as JWA
// requires), EdDSA (Ed25519), RS256 and HS256. The verifier trusts the key set, never the
// header: the algorithm must be the key set's, and the key is looked up by kid.
import { createHmac, sign, timingSafeEqual, verify } from "node:crypto";
import type { Algorithm, Key } from "@phoenix/kernel/keyset";

export interface Claims {
  sub: string;
  /** NumericDate (seconds, fractional allowed by RFC 7519 §2). */
  iat: number;
  exp: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signature(algorithm: Algorithm, key: Key, input: Buffer): Buffer {
  switch (algorithm) {
    case "ES256":
      return sign("sha256", input, { key: key.signing, dsaEncoding: "ieee-p1363" });
    case "EdDSA":
      return sign(null, input, key.signing);
    case "RS256":
      return sign("sha256", input, key.signing);
    case "HS256":
      return createHmac("sha256", key.signing).update(input).digest();
    default:
      throw new Error(`no JWS algorithm ${algorithm}`);
  }
}

function signatureValid(key: Key, input: Buffer, sig: Buffer): boolean {
  switch (key.algorithm) {
    case "ES256":
      return verify("sha256", input, { key: key.verification, dsaEncoding: "ieee-p1363" }, sig);
    case "EdDSA":
      return verify(null, input, key.verification, sig);
    case "RS256":
      return verify("sha256", input, key.verification, sig);
    case "HS256": {
      const expected = signature("HS256", key, input);
      return expected.length === sig.length && timingSafeEqual(expected, sig);
    }
    default:
      return false;
  }
}

export function signToken(key: Key, claims: Claims): string {
  const input = `${b64({ alg: key.algorithm, typ: "JWT", kid: key.kid })}.${b64(claims)}`;
  return `${input}.${signature(key.algorithm, key, Buffer.from(input)).toString("base64url")}`;
}

export type Verdict = { ok: true; kid: string; claims: Claims } | { ok: false; kid?: string; error: string };

/** Verifies a token against the key set (by kid) at `now` (ms). */
export function verifyToken(token: string, byKid: (kid: string) => Key | undefined, now: number): Verdict {
  const [header = "", payload = "", sig = ""] = token.split(".");
  let parsed: { alg?: string; kid?: string };
  let claims: Claims;
  try {
    parsed = JSON.parse(Buffer.from(header, "base64url").toString()) as typeof parsed;
    claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Claims;
  } catch {
    return { ok: false, error: "malformed token" };
  }
  const kid = parsed.kid ?? "";
  const key = byKid(kid);
  if (!key) return { ok: false, kid, error: "unknown kid" };
  if (parsed.alg !== key.algorithm)
    return { ok: false, kid, error: `alg ${parsed.alg ?? "(missing)"} is not ${key.algorithm}` };
  if (!signatureValid(key, Buffer.from(`${header}.${payload}`), Buffer.from(sig, "base64url"))) {
    return { ok: false, kid, error: "bad signature" };
  }
  if (!(now < claims.exp * 1000)) return { ok: false, kid, error: "expired" };
  return { ok: true, kid, claims };
}
