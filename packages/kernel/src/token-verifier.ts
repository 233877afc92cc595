// A service that verifies the API's access tokens without signing any (iris, career): the JWT key
// set mounted the way the API mounts it (ADR 0022), hot-reloaded so a KeyRotation needs no
// restart (its keyset_* metrics under keyset="jwt", as the API's), the same issuer and audience, and
// a readiness check that fails while no key is loaded.
// The API itself signs and keeps its own keyrings; these are the same variables as its.
import Type from "typebox";
import { createTokens } from "./access-tokens.ts";
import type { Tokens } from "./access-tokens.ts";
import type { ReadinessCheck } from "./http.ts";
import { createKeyring } from "./keyring.ts";
import type { Keyring } from "./keyring.ts";
import type { Logger } from "./log.ts";
import type { Registry } from "prom-client";
import type { Shutdown } from "./shutdown.ts";

/** Spread into the config schema of a service that verifies the API's access tokens. */
export const tokenVerifierConfig = {
  /** The API's JWT key set (<dir>/keyset.json), mounted the same way. */
  JWT_KEYSET_DIR: Type.String({ minLength: 1 }),
  KEYSET_POLL_INTERVAL_MS: Type.Integer({ minimum: 100, default: 2000 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: "phoenix-api" }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: "phoenix" }),
};

export interface TokenVerifierSettings {
  JWT_KEYSET_DIR: string;
  KEYSET_POLL_INTERVAL_MS: number;
  JWT_ISSUER: string;
  JWT_AUDIENCE: string;
}

export interface TokenVerifier {
  jwtKeys: Keyring;
  tokens: Tokens;
}

/** The key set loaded (the call waits for it) and the tokens verified against it. */
export async function createTokenVerifier(
  config: TokenVerifierSettings,
  deps: { logger: Logger; shutdown: Pick<Shutdown, "add">; registry: Registry },
): Promise<TokenVerifier> {
  const jwtKeys = createKeyring({
    dir: config.JWT_KEYSET_DIR,
    logger: deps.logger,
    pollIntervalMs: config.KEYSET_POLL_INTERVAL_MS,
    metrics: { registry: deps.registry, keyset: "jwt" },
  });
  deps.shutdown.add("jwt keyring", () => {
    jwtKeys.close();
  });
  await jwtKeys.ready;
  return {
    jwtKeys,
    // Verification only: the access-token lifetime is the API's business.
    tokens: createTokens({
      keyring: jwtKeys,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlSeconds: 900,
      registry: deps.registry,
    }),
  };
}

/** Ready while a key is loaded. */
export function keyringReadiness(keys: Keyring): ReadinessCheck {
  // eslint-disable-next-line @typescript-eslint/require-await -- the check throws when no key is loaded
  return async () => {
    keys.current();
  };
}
