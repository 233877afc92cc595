// The API as the integration tests run it: the real app (createApiContext + apiRoutes on the
// kernel's fastify instance, called with inject), a fresh database migrated by the owner role and
// used through the services' data-only role (RLS applies), the real Redis through Sentinel under a
// prefix of its own, key sets written the way the kubelet writes a mounted Secret, and the API
// server reached with a token of the API's own ServiceAccount bound to the chart's rules (cdk8s
// components.ts apiGrants).
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { CoreV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { loadConfig } from "@phoenix/kernel/config";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance } from "fastify";
import { generate } from "otplib";
import pg from "pg";
import { es256Key, hmacKey, writeLikeKubelet } from "../../packages/kernel/src/keyset-testing.ts";
import type { KeyEntry, KeySetDocument } from "../../packages/kernel/src/keyset.ts";
import { apiReadiness, apiRoutes, createApiContext } from "../../services/api/src/app.ts";
import type { Overrides } from "../../services/api/src/app.ts";
import { apiConfigSchema } from "../../services/api/src/config.ts";
import type { ApiContext } from "../../services/api/src/context.ts";
import { installCrds } from "../support/crds.ts";
import { adminConfig, createNamespace, deleteNamespace, uniqueName } from "../support/kube.ts";
import { localEnv } from "../support/local-env.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { systemQuery } from "../support/sms-data.ts";
import { createAppDatabase } from "../support/sms-path.ts";

export interface KeySetDir {
  dir: string;
  document: KeySetDocument;
  /** Writes a new revision as the kubelet would (atomic ..data swap). */
  write(keys: KeyEntry[]): Promise<void>;
}

export async function keySetDir(type: "jwt" | "internal", keys: KeyEntry[]): Promise<KeySetDir> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `phoenix-${type}-keys-`));
  const document: KeySetDocument =
    type === "jwt"
      ? { type: "JWTSigningKey", algorithm: "ES256", revision: 1, keys }
      : { type: "HMAC", algorithm: "HS256", revision: 1, keys };
  const handle: KeySetDir = {
    dir,
    document,
    async write(next) {
      document.revision += 1;
      document.keys = next;
      await writeLikeKubelet(dir, { "keyset.json": JSON.stringify(document) });
    },
  };
  await writeLikeKubelet(dir, { "keyset.json": JSON.stringify(document) });
  return handle;
}

/** The chart's rules for the API's ServiceAccount (cdk8s/src/charts/components.ts apiGrants). */
export const apiRules = [
  {
    apiGroups: ["phoenix.dev"],
    resources: ["twilionumbers"],
    verbs: ["get", "list", "watch", "create", "delete"],
  },
  { apiGroups: ["phoenix.dev"], resources: ["keyrotations"], verbs: ["get", "list", "patch"] },
];

export interface ApiServiceAccount {
  namespace: string;
  kubeconfig: string;
  teardown(): Promise<void>;
}

/** A ServiceAccount `phoenix-api` in `namespace` (created unless given) with apiRules, and a kubeconfig of its token. */
export async function apiServiceAccount(existingNamespace?: string): Promise<ApiServiceAccount> {
  const admin = adminConfig();
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await installCrds();
  const namespace = existingNamespace ?? uniqueName("api");
  if (!existingNamespace) await createNamespace(core, namespace);
  await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: "phoenix-api" } } });
  await rbac.createNamespacedRole({
    namespace,
    body: { metadata: { name: "phoenix-api" }, rules: apiRules },
  });
  await rbac.createNamespacedRoleBinding({
    namespace,
    body: {
      metadata: { name: "phoenix-api" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "phoenix-api" },
      subjects: [{ kind: "ServiceAccount", name: "phoenix-api", namespace }],
    },
  });
  const token = await core.createNamespacedServiceAccountToken({
    name: "phoenix-api",
    namespace,
    body: { spec: { audiences: ["https://kubernetes.default.svc.cluster.local"], expirationSeconds: 3600 } },
  });
  const saToken = token.status?.token;
  if (!saToken) throw new Error("TokenRequest returned no token");
  const kubeconfig = path.join(mkdtempSync(path.join(os.tmpdir(), "phoenix-api-kube-")), "kubeconfig");
  const ca = readFileSync(path.join(localEnv.pkiDir, "ca.crt")).toString("base64");
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      clusters: [
        { name: "local", cluster: { server: localEnv.apiServerUrl, "certificate-authority-data": ca } },
      ],
      users: [{ name: "phoenix-api", user: { token: saToken } }],
      contexts: [{ name: "local", context: { cluster: "local", user: "phoenix-api" } }],
      "current-context": "local",
    }),
  );
  return {
    namespace,
    kubeconfig,
    async teardown() {
      if (!existingNamespace) await deleteNamespace(core, namespace);
    },
  };
}

export interface TestApi {
  app: FastifyInstance;
  /** http://127.0.0.1:<port> when started with listen, else "". */
  url: string;
  context: ApiContext;
  pool: pg.Pool;
  jwtKeys: KeySetDir;
  internalKeys: KeySetDir;
  prefix: string;
  env: Record<string, string>;
  asSystem<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  env?: Record<string, string>;
  overrides?: Overrides;
  /** Listen on 127.0.0.1:<free port> (for callers outside the process, e.g. the Stripe emulator's webhooks). */
  listen?: boolean;
  /** Default: a ServiceAccount in a fresh namespace. */
  kube?: ApiServiceAccount;
  /** Mounted key sets to use (e.g. projections of the operator's Secrets); default fresh ones. */
  keySetDirs?: { jwt: string; internal: string };
}

export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const db = await createAppDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 4 });
  // Teardown drops the database WITH (FORCE); an idle client cut off then is expected, not a failure.
  pool.on("error", () => undefined);
  const kube = options.kube ?? (await apiServiceAccount());
  const jwtKeys = await keySetDir("jwt", [es256Key()]);
  const internalKeys = await keySetDir("internal", [hmacKey("internal-1")]);
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const env: Record<string, string> = {
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: db.url,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    QUEUE_PREFIX: prefix,
    RATE_LIMIT_PREFIX: `${prefix}:rl`,
    JWT_KEYSET_DIR: options.keySetDirs?.jwt ?? jwtKeys.dir,
    INTERNAL_KEYSET_DIR: options.keySetDirs?.internal ?? internalKeys.dir,
    KEYSET_POLL_INTERVAL_MS: "200",
    ARGON2_MEMORY_KIB: "4096",
    ARGON2_TIME_COST: "1",
    RETENTION_INTERVAL_MS: "0",
    // Admin tests sign in without MFA; auth.int.test.ts checks the production default.
    ADMIN_REQUIRE_MFA: "false",
    NUMBERS_NAMESPACE: kube.namespace,
    KUBECONFIG: kube.kubeconfig,
    ...options.env,
  };
  const config = loadConfig(apiConfigSchema, env);
  const logger = createLogger({ name: "api-test", level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: "api-test" });
  const closers: Array<() => Promise<void> | void> = [];
  const shutdown = { add: (_name: string, hook: () => Promise<void> | void) => void closers.push(hook) };
  const context = await createApiContext(config, { logger, metrics, shutdown }, options.overrides);
  const app = createHttpServer({ logger, metrics, readiness: apiReadiness(context) });
  await app.register(apiRoutes(context));
  await app.ready();
  const url = options.listen ? await app.listen({ host: "127.0.0.1", port: 0 }) : "";
  return {
    url,
    app,
    context,
    pool,
    jwtKeys,
    internalKeys,
    prefix,
    env,
    asSystem: (sql, params = []) => systemQuery(pool, sql, params),
    async close() {
      await app.close();
      for (const close of closers.reverse()) await close();
      await pool.end();
      // Its own prefix only (queues unless env names another, rate limits); a caller's is the caller's.
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db.drop();
      }
      if (!options.kube) await kube.teardown();
    },
  };
}

/** The API's billing settings against a Stripe emulator: its key and URL, a webhook secret, the premium price. */
export const stripeEnv = (
  stripe: { secretKey: string; url: string },
  webhookSecret: string,
  premiumPriceId: string,
): Record<string, string> => ({
  STRIPE_SECRET_KEY: stripe.secretKey,
  STRIPE_API_URL: stripe.url,
  STRIPE_WEBHOOK_SECRET: webhookSecret,
  STRIPE_PREMIUM_PRICE_ID: premiumPriceId,
});

let counter = 0;
export const uniqueEmail = (): string => `user${Date.now()}${counter++}@example.com`;
/** A valid NANP number: the exchange (the three digits after 646) cannot start with 0 or 1. */
export const uniquePhone = (): string =>
  `+1646${200 + (Date.now() % 800)}${String(counter++ % 10_000).padStart(4, "0")}`;

export interface SignedUp {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export async function signup(
  api: TestApi,
  input: { email?: string; phone?: string } = {},
): Promise<SignedUp> {
  const email = input.email ?? uniqueEmail();
  const password = "correct horse battery staple";
  const response = await api.app.inject({
    method: "POST",
    url: "/v1/auth/signup",
    payload: { email, password, ...(input.phone && { phone: input.phone }) },
  });
  if (response.statusCode !== 201) throw new Error(`signup: ${response.statusCode} ${response.body}`);
  const body = response.json<{ userId: string; accessToken: string; refreshToken: string }>();
  return { ...body, email, password };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A TOTP code for `secret` `offsetSteps` 30-second steps from now. */
export const totp = (secret: string, offsetSteps = 0): Promise<string> =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });

/** POST /v1/auth/refresh with `refreshToken`. */
export const refresh = (api: TestApi, refreshToken: string) =>
  api.app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken } });

/** A user with the admin role (set as an operator would, in SQL) and an access token carrying it. */
export async function signupAdmin(api: TestApi): Promise<{ user: SignedUp; token: string }> {
  const user = await signup(api);
  await api.asSystem("UPDATE users SET role = 'admin' WHERE id = $1", [user.userId]);
  const refreshed = await refresh(api, user.refreshToken);
  return { user, token: refreshed.json<{ accessToken: string }>().accessToken };
}

/** Enrols and confirms TOTP for the holder of `accessToken`; returns the secret. */
export async function enrolMfa(api: TestApi, accessToken: string): Promise<string> {
  const enrol = await api.app.inject({
    method: "POST",
    url: "/v1/me/mfa/enrol",
    headers: bearer(accessToken),
  });
  const { secret } = enrol.json<{ secret: string }>();
  const confirm = await api.app.inject({
    method: "POST",
    url: "/v1/me/mfa/confirm",
    headers: bearer(accessToken),
    payload: { code: await totp(secret) },
  });
  if (confirm.statusCode !== 200) throw new Error(`mfa confirm: ${confirm.statusCode} ${confirm.body}`);
  return secret;
}

/**
 * Logs in with password, then answers the MFA challenge with the code of the next time step (the
 * current one was spent confirming); returns the /v1/auth/mfa response.
 */
export async function loginWithMfa(api: TestApi, user: SignedUp, secret: string) {
  const challenge = await api.app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email: user.email, password: user.password },
  });
  return api.app.inject({
    method: "POST",
    url: "/v1/auth/mfa",
    payload: { mfaToken: challenge.json<{ mfaToken: string }>().mfaToken, code: await totp(secret, 1) },
  });
}
