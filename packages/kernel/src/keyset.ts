// The key set format the operator's KeyRotation controller writes into a Secret and services
// read back (docs/keyset-format.md). Parsing is strict about what a service relies on and lenient
// about extra fields, so a newer operator can add fields without breaking older services.
import { createHash, createPrivateKey, createPublicKey, createSecretKey } from "node:crypto";
import type { JsonWebKey, KeyObject } from "node:crypto";
import Type from "typebox";
import type { Static } from "typebox";
import Value from "typebox/value";

export const keyTypes = ["JWTSigningKey", "HMAC", "APIToken"] as const;
export const algorithms = ["ES256", "EdDSA", "RS256", "HS256", "random-256"] as const;
export const keyStates = ["staged", "active", "retiring"] as const;
export type KeyType = (typeof keyTypes)[number];
export type Algorithm = (typeof algorithms)[number];
export type KeyState = (typeof keyStates)[number];

const timestamp = Type.String({ format: "date-time" });

export const KeyEntrySchema = Type.Object({
  kid: Type.String({ minLength: 1 }),
  state: Type.Enum(keyStates),
  createdAt: timestamp,
  activatesAt: timestamp,
  retiresAt: Type.Optional(timestamp),
  jwk: Type.Optional(Type.Object({ kty: Type.String() })),
  secret: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]+$" })),
});

export const KeySetSchema = Type.Object({
  type: Type.Enum(keyTypes),
  algorithm: Type.Enum(algorithms),
  revision: Type.Integer({ minimum: 0 }),
  keys: Type.Array(KeyEntrySchema, { minItems: 1 }),
});

/** The document as stored in the Secret's `keyset.json`. */
export type KeySetDocument = Static<typeof KeySetSchema>;
export type KeyEntry = Static<typeof KeyEntrySchema>;

export interface Key {
  kid: string;
  state: KeyState;
  algorithm: Algorithm;
  createdAt: Date;
  activatesAt: Date;
  retiresAt: Date | undefined;
  /** Signs or MACs: the private key of a JWT key pair, or the shared secret. */
  signing: KeyObject;
  /** Verifies: the public key of a JWT key pair, or the shared secret itself. */
  verification: KeyObject;
  /** Public JWK (with kid and alg) to publish in a JWKS; undefined for shared secrets. */
  publicJwk: JsonWebKey | undefined;
}

export interface KeySet {
  type: KeyType;
  algorithm: Algorithm;
  revision: number;
  keys: Key[];
}

export class KeySetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeySetError";
  }
}

// Which JWK a JWT algorithm needs; HMAC and APIToken keys carry a `secret` instead.
const jwkShape: Partial<Record<Algorithm, { kty: string; crv?: string }>> = {
  ES256: { kty: "EC", crv: "P-256" },
  EdDSA: { kty: "OKP", crv: "Ed25519" },
  RS256: { kty: "RSA" },
  HS256: { kty: "oct" },
};
const algorithmsByType: Record<KeyType, readonly Algorithm[]> = {
  JWTSigningKey: ["ES256", "EdDSA", "RS256", "HS256"],
  HMAC: ["HS256"],
  APIToken: ["random-256"],
};
const minSecretBytes = 32;

/** Parses and validates `keyset.json`; throws a KeySetError listing what is wrong. */
export function parseKeySet(text: string): KeySet {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new KeySetError(`not JSON: ${(err as Error).message}`);
  }
  if (!Value.Check(KeySetSchema, document)) {
    const problems = Value.Errors(KeySetSchema, document).map((e) => `${e.instancePath || "/"} ${e.message}`);
    throw new KeySetError(`does not match the key set schema: ${problems.slice(0, 5).join("; ")}`);
  }
  const problems = documentProblems(document);
  if (problems.length > 0) throw new KeySetError(problems.join("; "));
  return {
    type: document.type,
    algorithm: document.algorithm,
    revision: document.revision,
    keys: document.keys.map((entry) => toKey(entry, document.algorithm)),
  };
}

function documentProblems(document: KeySetDocument): string[] {
  const problems: string[] = [];
  if (!algorithmsByType[document.type].includes(document.algorithm)) {
    problems.push(`algorithm ${document.algorithm} is not valid for type ${document.type}`);
  }
  const kids = document.keys.map((key) => key.kid);
  const duplicates = kids.filter((kid, index) => kids.indexOf(kid) !== index);
  if (duplicates.length > 0) problems.push(`duplicate kid ${duplicates.join(", ")}`);
  for (const entry of document.keys) {
    const problem =
      document.type === "JWTSigningKey" ? jwkProblem(entry, document.algorithm) : secretProblem(entry.secret);
    if (problem) problems.push(`key ${entry.kid}: ${problem}`);
  }
  return problems;
}

function jwkProblem(entry: KeyEntry, algorithm: Algorithm): string | undefined {
  const jwk = entry.jwk as JsonWebKey | undefined;
  const shape = jwkShape[algorithm];
  if (!jwk) return "a JWT key needs a jwk";
  if (!shape || jwk.kty !== shape.kty || (shape.crv && jwk.crv !== shape.crv)) {
    return `jwk must be kty ${String(shape?.kty)} ${shape?.crv ?? ""} for ${algorithm}`.trim();
  }
  if (jwk.kty === "oct") return secretProblem(jwk.k);
  if (typeof jwk.d !== "string") return "jwk must be a private key";
  const thumbprint = jwkThumbprint(jwk);
  if (thumbprint !== entry.kid) return `kid must be the RFC 7638 thumbprint ${thumbprint}`;
  return undefined;
}

function secretProblem(secret: string | undefined): string | undefined {
  if (secret === undefined) return "needs a base64url secret";
  const bytes = Buffer.from(secret, "base64url").length;
  return bytes < minSecretBytes ? `secret is ${bytes} bytes, at least ${minSecretBytes} required` : undefined;
}

function toKey(entry: KeyEntry, algorithm: Algorithm): Key {
  const material = keyMaterial(entry);
  return {
    kid: entry.kid,
    state: entry.state,
    algorithm,
    createdAt: new Date(entry.createdAt),
    activatesAt: new Date(entry.activatesAt),
    retiresAt: entry.retiresAt === undefined ? undefined : new Date(entry.retiresAt),
    ...material,
    publicJwk: material.publicJwk && { ...material.publicJwk, kid: entry.kid, alg: algorithm, use: "sig" },
  };
}

function keyMaterial(entry: KeyEntry): Pick<Key, "signing" | "verification" | "publicJwk"> {
  const jwk = entry.jwk as JsonWebKey | undefined;
  if (jwk && jwk.kty !== "oct") {
    try {
      const signing = createPrivateKey({ key: jwk, format: "jwk" });
      const verification = createPublicKey(signing);
      return { signing, verification, publicJwk: verification.export({ format: "jwk" }) };
    } catch (err) {
      throw new KeySetError(`key ${entry.kid}: unusable jwk: ${(err as Error).message}`);
    }
  }
  const secret = createSecretKey(Buffer.from(jwk?.k ?? entry.secret ?? "", "base64url"));
  return { signing: secret, verification: secret, publicJwk: undefined };
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url): the `kid` of every JWT key. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members: Record<string, readonly string[]> = {
    EC: ["crv", "kty", "x", "y"],
    OKP: ["crv", "kty", "x"],
    RSA: ["e", "kty", "n"],
    oct: ["k", "kty"],
  };
  const required = members[jwk.kty ?? ""];
  if (!required) throw new KeySetError(`unsupported jwk kty ${String(jwk.kty)}`);
  const canonical = JSON.stringify(Object.fromEntries(required.map((name) => [name, jwk[name]])));
  return createHash("sha256").update(canonical).digest("base64url");
}
