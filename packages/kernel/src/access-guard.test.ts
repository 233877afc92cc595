import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { authenticate, principalOf, rejectBadToken, requireUser } from "./access-guard.ts";
import { createTokens, rolesOf } from "./access-tokens.ts";
import { createKeyring } from "./keyring.ts";
import type { Keyring } from "./keyring.ts";
import { es256Key, jwtKeySet, writeLikeKubelet } from "./keyset-testing.ts";
import { createLogger } from "./log.ts";

const logger = createLogger({ name: "guard-test", level: "silent" });
const cleanup: Array<() => void> = [];

afterEach(() => {
  for (const step of cleanup.splice(0)) step();
});

async function guardedApp(): Promise<{
  app: FastifyInstance;
  registry: Registry;
  token: string;
  counts: () => Promise<Record<string, number>>;
}> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "guard-test-"));
  await writeLikeKubelet(dir, { "keyset.json": JSON.stringify(jwtKeySet(1, [es256Key()])) });
  const keyring: Keyring = createKeyring({ dir, logger, pollIntervalMs: 60_000 });
  cleanup.push(() => {
    keyring.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await keyring.ready;
  const registry = new Registry();
  const tokens = createTokens({ keyring, issuer: "i", audience: "a", accessTtlSeconds: 60, registry });
  const app = Fastify();
  cleanup.push(() => void app.close());
  app.addHook("onRequest", authenticate(tokens));
  app.addHook("preHandler", rejectBadToken);
  app.get("/me", { preHandler: requireUser }, (request, reply) => {
    void reply.send({ userId: principalOf(request).userId });
  });
  app.get("/open", (request, reply) => {
    void reply.send({ signedIn: request.principal !== undefined });
  });
  // A route that decides itself (as logout): a bad token is tolerated, no principal is still a 401.
  app.post("/logout", { config: { tolerateBadToken: true } }, (request, reply) => {
    principalOf(request);
    principalOf(request);
    void reply.send({ ok: true });
  });
  const { token } = await tokens.issueAccess({
    userId: "6f1c0f4e-8a55-4c36-9a53-0c1c8f1a2b3c",
    roles: rolesOf({ role: "user", plan: "free" }),
    sessionId: "s1",
    amr: ["pwd"],
  });
  const counts = async () =>
    Object.fromEntries(
      (await registry.getMetricsAsJSON())
        .flatMap((m) => (m.name === "auth_token_verifications_total" ? m.values : []))
        .map((v) => [String(v.labels["result"]), v.value]),
    );
  return { app, registry, token, counts };
}

describe("access guard", () => {
  it("exports result=missing at 0 before any request", async () => {
    const { counts } = await guardedApp();
    expect(await counts()).toMatchObject({ missing: 0, valid: 0 });
  });

  it("counts a request without a token, or with a non-Bearer one, on a route that requires a user as missing", async () => {
    const { app, token, counts } = await guardedApp();
    expect((await app.inject({ url: "/me" })).statusCode).toBe(401);
    const basic = await app.inject({ url: "/me", headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.statusCode).toBe(401);
    // Logout-like: no token and principalOf called twice in one request: counted once.
    expect((await app.inject({ method: "POST", url: "/logout" })).statusCode).toBe(401);
    expect(await counts()).toMatchObject({ missing: 3, valid: 0, malformed: 0 });

    // Neither a valid token, nor a token that failed (counted by its reason), nor an anonymous
    // route without a token counts as missing.
    expect((await app.inject({ url: "/me", headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      200,
    );
    const bad = await app.inject({ url: "/me", headers: { authorization: "Bearer not.a.token" } });
    expect(bad.statusCode).toBe(401);
    const tolerated = await app.inject({
      method: "POST",
      url: "/logout",
      headers: { authorization: "Bearer not.a.token" },
    });
    expect(tolerated.statusCode).toBe(401);
    expect((await app.inject({ url: "/open" })).json()).toEqual({ signedIn: false });
    expect(await counts()).toMatchObject({ missing: 3, valid: 1, malformed: 2 });
  });
});
