// Career as the integration tests run it: the real app (createCareerContext + careerRoutes on the
// kernel's fastify instance, called with inject), a fresh database migrated by the owner role and
// used through the services' role (RLS applies), the real Redis through Sentinel under a prefix of
// its own, and a JWT key set written like a mounted Secret; access tokens are signed with that key
// set exactly as the API signs them. With listen, it also answers on 127.0.0.1 (the browser-test
// stack puts it behind the edge, on the API's key set and database).
import { randomBytes } from "node:crypto";
import { loadConfig } from "@phoenix/kernel/config";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { startStripeEmulator } from "@phoenix/stripe-emulator/testing";
import { ensurePremium } from "../../tools/stripe-catalogue.ts";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";
import { careerReadiness, careerRoutes, createCareerContext } from "../../services/career/src/app.ts";
import type { Overrides } from "../../services/career/src/app.ts";
import { careerConfigSchema } from "../../services/career/src/config.ts";
import type { CareerContext } from "../../services/career/src/context.ts";
import { keySetDir } from "../api/harness.ts";
import { localEnv } from "../support/local-env.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { systemQuery } from "../support/sms-data.ts";
import { createAppDatabase } from "../support/sms-path.ts";

export interface TestUser {
  id: string;
  headers: Record<string, string>;
}

export interface TestCareer {
  /** http://127.0.0.1:<port> when started with listen, else "". */
  url: string;
  app: FastifyInstance;
  context: CareerContext;
  asSystem<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  user(options?: { plan?: "free" | "premium" }): Promise<TestUser>;
  /** Headers with an access token for an existing user (e.g. one seeded with a phone). */
  as(userId: string): Promise<TestUser>;
  /**
   * What a paid Checkout leaves (ADR 0082: Premium is what Stripe grants): the user's customer at
   * the harness's Stripe emulator, linked to them, with an active Premium subscription.
   */
  subscribe(userId: string): Promise<void>;
  /** inject as `user` (JSON body unless a string is given). */
  call(user: TestUser | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface CareerOptions {
  /** The metrics' `service` label; default "career-test" ("career" as deployed, for the dashboards test). */
  service?: string;
  env?: Record<string, string>;
  overrides?: Overrides;
  /** Another component's database (e.g. the SMS path's); default a fresh one, dropped at close. */
  databaseUrl?: string;
  /** Also listen on 127.0.0.1 (an ephemeral port): `url`. */
  listen?: boolean;
}

export async function startTestCareer(options: CareerOptions = {}): Promise<TestCareer> {
  const db = options.databaseUrl ? null : await createAppDatabase();
  const databaseUrl = options.databaseUrl ?? db?.url ?? "";
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on("error", () => undefined);
  const jwtKeys = await keySetDir("jwt", [es256Key()]);
  const prefix = `t${randomBytes(4).toString("hex")}`;
  // A private Stripe emulator selling the Premium catalogue, unless the caller names its own Stripe.
  const stripe = options.env?.["STRIPE_SECRET_KEY"] ? undefined : await startStripeEmulator();
  const premiumPrice = stripe && (await ensurePremium(stripe.client()));
  const stripeEnv = stripe ? { STRIPE_API_URL: stripe.url, STRIPE_SECRET_KEY: stripe.secretKey } : {};
  const config = loadConfig(careerConfigSchema, {
    ...stripeEnv,
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    CAREER_QUOTA_PREFIX: `${prefix}:career-quota`,
    JWT_KEYSET_DIR: jwtKeys.dir,
    KEYSET_POLL_INTERVAL_MS: "200",
    ...options.env,
  });
  const logger = createLogger({ name: "career-test", level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: options.service ?? "career-test" });
  const closers: Array<() => Promise<void> | void> = [];
  const shutdown = { add: (_name: string, hook: () => Promise<void> | void) => void closers.push(hook) };
  const context = await createCareerContext(config, { logger, metrics, shutdown }, options.overrides);
  const app = createHttpServer({ logger, metrics, readiness: careerReadiness(context) });
  await app.register(careerRoutes(context));
  await app.ready();
  const url = options.listen ? await app.listen({ host: "127.0.0.1", port: 0 }) : "";
  const tokenFor = async (id: string, plan: "free" | "premium"): Promise<TestUser> => {
    const roles: ("user" | "premium")[] = plan === "premium" ? ["user", "premium"] : ["user"];
    const { token } = await context.tokens.issueAccess({
      userId: id,
      roles,
      sessionId: "test",
      amr: ["pwd"],
    });
    return { id, headers: { authorization: `Bearer ${token}` } };
  };
  const asSystem = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    systemQuery<R>(pool, sql, params);
  const subscribe = async (userId: string): Promise<void> => {
    if (!stripe || !premiumPrice) throw new Error("subscribe: career was given its own Stripe");
    const client = stripe.client();
    const customer = await client.customers.create({ metadata: { userId } });
    await asSystem("INSERT INTO billing_customers (user_id, stripe_customer_id) VALUES ($1, $2)", [
      userId,
      customer.id,
    ]);
    const session = await client.checkout.sessions.create({
      mode: "subscription",
      customer: customer.id,
      line_items: [{ price: premiumPrice, quantity: 1 }],
      success_url: "http://127.0.0.1/app/billing/success",
      cancel_url: "http://127.0.0.1/app/billing/cancelled",
    });
    await stripe.control.completeCheckout(session.id);
    await asSystem("UPDATE users SET plan = 'premium' WHERE id = $1", [userId]);
  };
  return {
    url,
    app,
    context,
    asSystem,
    async user({ plan = "free" } = {}) {
      const sql = "INSERT INTO users (plan) VALUES ($1) RETURNING id";
      const [row] = await asSystem<{ id: string }>(sql, [plan]);
      if (plan === "premium") await subscribe(row!.id);
      return tokenFor(row!.id, plan);
    },
    as: (id) => tokenFor(id, "free"),
    subscribe,
    call(user, request) {
      return app.inject({ ...request, headers: { ...user?.headers, ...request.headers } });
    },
    async close() {
      app.server.closeAllConnections();
      await app.close();
      for (const close of closers.reverse()) await close();
      await pool.end();
      await stripe?.close();
      // The quota keys under its own prefix.
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db?.drop();
      }
    },
  };
}
