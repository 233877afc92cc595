import type { Tokens } from "@phoenix/kernel/access-tokens";
import type { Keyring } from "@phoenix/kernel/keyring";
import type { Logger } from "@phoenix/kernel/log";
import type { Tx } from "@phoenix/store";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { CareerConfig } from "./config.ts";
import type { LetterRewriter } from "./letters/rewrite.ts";
import type { Entitlements } from "./entitlements.ts";
import type { Quota } from "./quota.ts";

export interface CareerContext {
  config: CareerConfig;
  pool: pg.Pool;
  logger: Logger;
  jwtKeys: Keyring;
  tokens: Tokens;
  redis: Redis;
  quota: Quota;
  /** The user's letters and cv entitlements, from Stripe (ADR 0082). */
  entitlements: Entitlements;
  /** The letter rewrite through the LLM gateway; null when no provider is configured. */
  rewriter: LetterRewriter | null;
  now: () => Date;
}

export type Plan = "free" | "premium";

/**
 * The user's plan as the database has it now (the billing webhook keeps users.plan), not as the
 * access token said up to 15 minutes ago. Career's quotas and templates do not read it any more
 * (they follow the entitlements, ADR 0082).
 */
export async function planOf(tx: Tx, userId: string): Promise<Plan> {
  const { rows } = await tx.query<{ plan: Plan }>("SELECT plan FROM users WHERE id = $1", [userId]);
  return rows[0]?.plan ?? "free";
}
