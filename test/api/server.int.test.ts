// The API as it is deployed: `node services/api/src/server.ts` with the chart's environment
// contract (JWT_KEYSET_DIR/INTERNAL_KEYSET_DIR mounts, DATABASE_URL of the services' role, Sentinels)
// on a schema the owner role migrated (it refuses to start on one that is behind), with probes,
// metrics, the OpenAPI document, and a clean exit on SIGTERM.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { knownMigrations } from "@phoenix/store";
import { es256Key, hmacKey } from "../../packages/kernel/src/keyset-testing.ts";
import { eventually } from "../support/kube.ts";
import { localEnv, repoRoot } from "../support/local-env.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { createAppDatabase, freePort } from "../support/sms-path.ts";
import { apiServiceAccount, keySetDir } from "./harness.ts";
import type { ApiServiceAccount } from "./harness.ts";

interface OpenApi {
  paths: Record<
    string,
    Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: unknown[] }>
  >;
  components: { schemas: Record<string, unknown> };
}

describe("api server process", () => {
  let child: ChildProcess;
  let output = "";
  let url: string;
  let db: Awaited<ReturnType<typeof createAppDatabase>>;
  let kube: ApiServiceAccount;

  beforeAll(async () => {
    db = await createAppDatabase();
    return () => db.drop();
  });
  beforeAll(async () => {
    kube = await apiServiceAccount();
    return () => kube.teardown();
  });
  beforeAll(async () => {
    const jwt = await keySetDir("jwt", [es256Key()]);
    const internal = await keySetDir("internal", [hmacKey("internal-1")]);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    const prefix = `srv${port}`;
    child = spawn(process.execPath, [path.join(repoRoot, "services/api/src/server.ts")], {
      env: {
        PATH: process.env["PATH"],
        HTTP_HOST: "127.0.0.1",
        HTTP_PORT: String(port),
        LOG_LEVEL: "info",
        DATABASE_URL: db.url,
        REDIS_SENTINELS: localEnv.sentinels,
        REDIS_MASTER_NAME: localEnv.redisMasterName,
        QUEUE_PREFIX: prefix,
        RATE_LIMIT_PREFIX: `${prefix}:rl`,
        JWT_KEYSET_DIR: jwt.dir,
        INTERNAL_KEYSET_DIR: internal.dir,
        NUMBERS_NAMESPACE: kube.namespace,
        KUBECONFIG: kube.kubeconfig,
        ARGON2_MEMORY_KIB: "4096",
        ARGON2_TIME_COST: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    return async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        await exited;
      }
      // Gone (killed here, or by the SIGTERM test): nothing writes under its prefix any more.
      await dropRedisKeys(prefix);
    };
  });
  beforeAll(async () => {
    await eventually(
      "the api ready",
      async () => {
        if (child.exitCode !== null) throw new Error(`exited ${child.exitCode}: ${output.slice(-2000)}`);
        return (await fetch(`${url}/readyz`)).ok ? true : undefined;
      },
      30_000,
    );
  });

  it("answers probes, serves the API and exports its metrics", async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${url}/readyz`)).json()) as { checks: Record<string, string> };
    expect(ready.checks).toEqual({ postgres: "ok", "jwt-keys": "ok" });
    const signup = await fetch(`${url}/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `srv${Date.now()}@example.com`, password: "long enough password" }),
    });
    expect(signup.status).toBe(201);
    const { accessToken } = (await signup.json()) as { accessToken: string };
    const me = await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(
      /rate_limit_decisions_total\{scope="api",decision="allowed",service="api"\} [1-9]/,
    );
    expect(metrics).toContain(
      'http_requests_total{method="GET",route="/v1/me",status_code="200",service="api"}',
    );
  });

  it("publishes an OpenAPI document with request and response schemas for every route", async () => {
    const response = await fetch(`${url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as OpenApi;
    const expected = [
      "post /v1/auth/signup",
      "post /v1/auth/login",
      "post /v1/auth/mfa",
      "post /v1/auth/refresh",
      "post /v1/auth/logout",
      "get /v1/me",
      "patch /v1/me",
      "delete /v1/me",
      "get /v1/me/quota",
      "get /v1/me/export",
      "get /v1/me/consents",
      "post /v1/me/consents",
      "delete /v1/me/consents/{type}",
      "post /v1/me/mfa/enrol",
      "post /v1/me/mfa/confirm",
      "post /v1/me/mfa/disable",
      "post /v1/me/mfa/recovery-codes",
      "post /v1/me/number",
      "get /v1/me/number",
      "delete /v1/me/number",
      "get /v1/billing",
      "post /v1/billing/checkout",
      "post /v1/billing/portal",
      "post /v1/billing/webhook",
      "get /v1/admin/keys",
      "post /v1/admin/keys/{set}/rotate",
      "delete /v1/admin/rate-limits/{scope}/{subject}",
      "get /v1/admin/users",
      "delete /v1/admin/users/{id}",
      "delete /v1/admin/users/{id}/number",
      "post /v1/me/password",
      "get /v1/plans",
      "get /v1/billing/entitlements",
      "get /v1/billing/invoices",
      "get /v1/today",
      "post /v1/today/tasks",
      "patch /v1/today/tasks/{id}",
      "delete /v1/today/tasks/{id}",
      "post /v1/today/reminders",
      "patch /v1/today/reminders/{id}",
      "delete /v1/today/reminders/{id}",
      "post /v1/today/focus",
      "delete /v1/today/focus",
      "post /v1/today/energy",
      "get /v1/today/energy",
      "get /v1/admin/events/status",
      "post /v1/admin/events/process",
      "post /v1/admin/events/reprocess",
      "get /v1/admin/events/daily",
    ];
    const operations = Object.entries(doc.paths).flatMap(([route, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${route}`, operation })),
    );
    expect(operations.map((op) => op.key).sort()).toEqual([...expected].sort());
    for (const { key, operation } of operations) {
      const codes = Object.keys(operation.responses);
      expect(
        codes.some((code) => /^2\d\d$/.test(code)),
        key,
      ).toBe(true);
      expect(codes, key).toEqual(expect.arrayContaining(["4XX", "5XX"]));
      const needsBody =
        /^(post|patch) /.test(key) && !/logout|enrol|checkout|portal|rotate|events\/process$/.test(key);
      if (needsBody) expect(operation.requestBody, key).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "Error",
        "Number",
        "Profile",
        "Today",
        "Task",
        "Reminder",
        "Repeat",
        "Plan",
        "Entitlements",
      ]),
    );
    // The profile's language, read and written: fr or en.
    const languages = { anyOf: [{ enum: ["fr"] }, { enum: ["en"] }] };
    const profile = doc.components.schemas["Profile"] as { required: string[]; properties: object };
    expect(profile.required).toContain("language");
    expect(profile.properties).toMatchObject({ language: languages });
    expect(doc.paths["/v1/me"]!["patch"]!.requestBody).toMatchObject({
      content: { "application/json": { schema: { properties: { language: languages } } } },
    });
  });

  it("drains and exits 0 on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) =>
      child.once("exit", (code) => {
        resolve(code);
      }),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

// The store's migrations, run by the owner role as `make migrate` and the chart's Job run them.
it("the store's migrations apply on an empty database", async () => {
  const db = await createAppDatabase({ migrated: false });
  try {
    expect(await db.migrate()).toEqual(knownMigrations());
    expect(knownMigrations().slice(0, 3)).toEqual([
      "0001_sms_assistant",
      "0002_api_accounts_billing_gdpr",
      "0003_user_language",
    ]);
    // Idempotent: a second run (the next deploy's Job) applies nothing and grants again.
    expect(await db.migrate()).toEqual([]);
  } finally {
    await db.drop();
  }
});

it("refuses to start on a schema that is behind, saying how to migrate", async () => {
  const db = await createAppDatabase({ migrated: false });
  try {
    const child = spawn(process.execPath, [path.join(repoRoot, "services/api/src/server.ts")], {
      env: {
        PATH: process.env["PATH"],
        HTTP_HOST: "127.0.0.1",
        HTTP_PORT: "0",
        DATABASE_URL: db.url,
        REDIS_SENTINELS: localEnv.sentinels,
        JWT_KEYSET_DIR: "/nonexistent",
        INTERNAL_KEYSET_DIR: "/nonexistent",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/database schema is behind: 0001_sms_assistant.*make migrate/);
  } finally {
    await db.drop();
  }
});
