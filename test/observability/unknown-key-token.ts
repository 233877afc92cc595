// A token as a botched key rotation leaves clients holding: shaped like the API's access tokens
// but signed by a key no key set holds (its `kid` unknown), so every verifier answers 401
// with auth_token_verifications_total{result="unknown_kid"}.
import { SignJWT, importJWK } from "jose";
import type { JWK } from "jose";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";

export async function unknownKeyToken(): Promise<string> {
  const stranger = es256Key();
  return new SignJWT({ roles: ["user"], sid: "s", amr: ["pwd"] })
    .setProtectedHeader({ alg: "ES256", kid: stranger.kid, typ: "at+jwt" })
    .setSubject("00000000-0000-4000-8000-000000000000")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(await importJWK(stranger.jwk as JWK, "ES256"));
}
