// New key material for a KeyRotation, from Node's crypto (never hand-rolled). JWT keys carry
// kid = RFC 7638 thumbprint, the same function services use to check it.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { JsonWebKey } from "node:crypto";
import { jwkThumbprint } from "@phoenix/kernel/keyset";
import type { Algorithm, KeyEntry } from "@phoenix/kernel/keyset";

export type KeyMaterial = Pick<KeyEntry, "kid" | "jwk" | "secret">;
export type GenerateKey = (algorithm: Algorithm) => KeyMaterial;

function privateJwk(algorithm: Algorithm): JsonWebKey | undefined {
  switch (algorithm) {
    case "ES256":
      return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
    case "EdDSA":
      return generateKeyPairSync("ed25519").privateKey.export({ format: "jwk" });
    case "RS256":
      return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
    default:
      return undefined;
  }
}

export const generateKey: GenerateKey = (algorithm) => {
  const jwk = privateJwk(algorithm);
  if (jwk) return { kid: jwkThumbprint(jwk), jwk: jwk as NonNullable<KeyEntry["jwk"]> };
  // HS256 / random-256: a 256-bit secret; its kid is random too (it must not reveal the secret).
  return { kid: randomBytes(16).toString("base64url"), secret: randomBytes(32).toString("base64url") };
};
