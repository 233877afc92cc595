import { createHmac, generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { KeySetError, jwkThumbprint, parseKeySet } from "./keyset.ts";
import { es256Key, hmacKey, jwtKeySet } from "./keyset-testing.ts";

const parse = (document: unknown) => parseKeySet(JSON.stringify(document));
// Deliberately untyped: these tests feed documents the schema must reject.
const jwtSet = (keys: unknown[], overrides: Record<string, unknown> = {}) => ({
  ...jwtKeySet(1, []),
  keys,
  ...overrides,
});

describe("jwkThumbprint", () => {
  it("matches the RFC 7638 section 3.1 example", () => {
    const jwk = {
      kty: "RSA",
      n: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
      e: "AQAB",
      alg: "RS256",
      kid: "2011-04-29",
    };
    expect(jwkThumbprint(jwk)).toBe("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  });
});

describe("parseKeySet", () => {
  it("turns JWT keys into usable signing and verification keys", () => {
    const entry = es256Key();
    const [key] = parse(jwtKeySet(1, [entry])).keys;
    expect(key?.signing.type).toBe("private");
    expect(key?.verification.type).toBe("public");
    expect(key?.createdAt).toEqual(new Date("2025-01-01T00:00:00Z"));
    expect(key?.retiresAt).toBeUndefined();
  });

  it("turns EdDSA and RS256 keys into key objects of the right kind", () => {
    for (const [algorithm, type] of [
      ["EdDSA", "ed25519"],
      ["RS256", "rsa"],
    ] as const) {
      const pair =
        type === "rsa" ? generateKeyPairSync("rsa", { modulusLength: 2048 }) : generateKeyPairSync("ed25519");
      const jwk = pair.privateKey.export({ format: "jwk" });
      const entry = { ...es256Key(), kid: jwkThumbprint(jwk), jwk };
      const [key] = parse(jwtSet([entry], { algorithm })).keys;
      expect(key?.signing.asymmetricKeyType).toBe(type);
    }
  });

  it("turns HMAC secrets into secret keys that MAC", () => {
    const entry = hmacKey("webhook-2025-01");
    const keySet = parse({ type: "HMAC", algorithm: "HS256", revision: 4, keys: [entry] });
    const key = keySet.keys[0]!;
    expect(key.publicJwk).toBeUndefined();
    const expected = createHmac("sha256", Buffer.from(entry.secret!, "base64url"))
      .update("body")
      .digest("hex");
    expect(createHmac("sha256", key.signing).update("body").digest("hex")).toBe(expected);
  });

  it("ignores fields it does not know, so a newer operator does not break older services", () => {
    const entry = { ...es256Key(), rotatedBy: "operator-v2" };
    expect(parse({ ...jwtKeySet(1, [entry]), hash: "abc" }).revision).toBe(1);
  });

  it.each([
    ["an empty key list", jwtKeySet(1, []), /keys/],
    ["a negative revision", jwtKeySet(-1, [es256Key()]), /revision/],
    ["a bad timestamp", jwtKeySet(1, [{ ...es256Key(), activatesAt: "tomorrow" }]), /activatesAt/],
    ["an unknown state", jwtSet([{ ...es256Key(), state: "revoked" }]), /state/],
    ["a kid that is not the thumbprint", jwtKeySet(1, [{ ...es256Key(), kid: "k1" }]), /key k1: kid must be/],
    ["a public-only JWK", jwtSet([publicOnly()]), /must be a private key/],
    ["a JWK of the wrong kind", { ...jwtKeySet(1, [es256Key()]), algorithm: "EdDSA" }, /kty OKP Ed25519/],
    ["a duplicate kid", jwtKeySet(1, [sameKid(), sameKid()]), /duplicate kid/],
    [
      "an algorithm the type does not allow",
      { type: "HMAC", algorithm: "ES256", revision: 1, keys: [hmacKey("a")] },
      /algorithm ES256 is not valid for type HMAC/,
    ],
    [
      "a short secret",
      {
        type: "APIToken",
        algorithm: "random-256",
        revision: 1,
        keys: [{ ...hmacKey("a"), secret: "c2hvcnQ" }],
      },
      /key a: secret is 5 bytes, at least 32 required/,
    ],
  ])("rejects %s", (_name, document, message) => {
    expect(() => parse(document)).toThrow(KeySetError);
    expect(() => parse(document)).toThrow(message);
  });

  it("rejects text that is not JSON", () => {
    expect(() => parseKeySet("{")).toThrow(/not JSON/);
  });
});

function publicOnly() {
  const entry = es256Key();
  const { d: _d, ...jwk } = entry.jwk as Record<string, unknown>;
  return { ...entry, jwk };
}

const shared = es256Key();
function sameKid() {
  return { ...shared };
}
