// Pieces of the dashboards test's load: a token as a botched key rotation leaves clients holding,
// a KeyRotation for the operator to reconcile, and the series the load must have produced.
import { SignJWT, importJWK } from "jose";
import type { JWK } from "jose";
import { keyRotation, keyRotationApi } from "../../operators/phoenix-operator/test/key-rotation/support.ts";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";
import { adminConfig, eventually } from "../support/kube.ts";

/**
 * Shaped like the API's access tokens but signed by a key no key set holds (its `kid` unknown):
 * every verifier answers 401 and counts auth_token_verifications_total{result="unknown_kid"}.
 */
export async function unknownKeyToken(): Promise<string> {
  const stranger = es256Key();
  return new SignJWT({ roles: ["user"], sid: "s", amr: ["pwd"] })
    .setProtectedHeader({ alg: "ES256", kid: stranger.kid, typ: "at+jwt" })
    .setSubject("00000000-0000-4000-8000-000000000000")
    .setIssuedAt()
    .setExpirationTime("5m")
    .sign(await importJWK(stranger.jwk as JWK, "ES256"));
}

/** A KeyRotation (HMAC, hourly), once the operator has given it a status.nextRotationTime. */
export async function createKeyRotation(namespace: string, name: string): Promise<void> {
  const rotations = keyRotationApi(adminConfig(), namespace);
  await rotations.create(
    keyRotation(name, {
      secretName: name,
      type: "HMAC",
      algorithm: "HS256",
      rotationInterval: "1h",
      tokenLifetime: "1s",
      reloadDelay: "1s",
      activationDelay: "1s",
      overlap: "2s",
    }),
  );
  await eventually(
    `KeyRotation ${name}'s next rotation time`,
    async () => ((await rotations.get(name)).status?.nextRotationTime ? true : undefined),
    60_000,
  );
}

/**
 * Counters exported at 0 give their panels series without any event: these PromQL queries prove
 * the load's events were counted where the new panels and alerts read them (query → least series).
 */
export const countedEvents: ReadonlyArray<readonly [string, number]> = [
  // A token of an unknown key at each of the three verifying services.
  ['auth_token_verifications_total{result="unknown_kid"} > 0', 3],
  ['auth_token_verifications_total{result="valid"} > 0', 3],
  ['reminder_lateness_seconds_count{service="workers"} > 0', 1],
  ['twilio_requests_total{service="workers",operation="messages.create",code="201"} > 0', 1],
  ['llm_requests_total{service="iris",outcome="success"} > 0', 1],
  ['llm_budget_rejections_total{service="iris",plan="free"} > 0', 1],
  ["llm_guard_flags_total > 0", 1],
  ['llm_breaker_state{service="iris"}', 2],
  ['http_requests_total{service="career",route="/v1/cv/templates"} > 0', 1],
  ['keyrotation_next_rotation_seconds{keyrotation="dash-keys"} > 0', 1],
];
