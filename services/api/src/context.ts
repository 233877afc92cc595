// Everything the route groups share, built once by app.ts (and by tests the same way).
import type { Keyring } from "@phoenix/kernel/keyring";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { Queues } from "@phoenix/store";
import type pg from "pg";
import type { Account } from "./auth/accounts.ts";
import type { Mfa } from "./auth/mfa.ts";
import type { Passwords } from "./auth/passwords.ts";
import type { Session } from "./auth/sessions.ts";
import { rolesOf } from "@phoenix/kernel/access-tokens";
import type { Tokens } from "@phoenix/kernel/access-tokens";
import type { Billing } from "./billing/service.ts";
import type { ApiConfig } from "./config.ts";
import type { KeyRotationClient } from "./admin/key-rotations.ts";
import type { NumberClient } from "./numbers/twilio-numbers.ts";
import type { Limiter } from "./rate-limit/limiter.ts";

export interface ApiContext {
  config: ApiConfig;
  pool: pg.Pool;
  logger: Logger;
  metrics: Metrics;
  jwtKeys: Keyring;
  internalKeys: Keyring;
  tokens: Tokens;
  passwords: Passwords;
  mfa: Mfa;
  limiter: Limiter;
  queues: Queues;
  numbers: NumberClient;
  keyRotations: KeyRotationClient;
  /** Undefined when Stripe is not configured: billing routes answer 503. */
  billing: Billing | undefined;
  /** Default the real clock; read where a rule depends on the date (the SMS quota's local day). */
  now: () => Date;
}

export async function tokenPair(context: ApiContext, account: Account, session: Session) {
  const access = await context.tokens.issueAccess({
    userId: account.id,
    roles: rolesOf(account),
    sessionId: session.familyId,
    amr: session.amr,
  });
  return {
    tokenType: "Bearer" as const,
    accessToken: access.token,
    expiresIn: access.expiresIn,
    refreshToken: session.refreshToken,
  };
}
