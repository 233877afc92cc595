import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createKeyring } from "./keyring.ts";
import type { Keyring } from "./keyring.ts";
import { createLogger } from "./log.ts";
import { SignJWT, decodeProtectedHeader, importJWK } from "jose";
import type { JWK } from "jose";
import { Registry } from "prom-client";
import { es256Key, jwtKeySet, writeLikeKubelet } from "./keyset-testing.ts";
import type { KeyEntry } from "./keyset.ts";
import { createTokens, rolesOf } from "./access-tokens.ts";

const logger = createLogger({ name: "tokens-test", level: "silent" });
const dirs: string[] = [];
const keyrings: Keyring[] = [];

async function keyringWith(keys: KeyEntry[], clock?: () => Date): Promise<Keyring> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tokens-test-"));
  dirs.push(dir);
  await writeLikeKubelet(dir, { "keyset.json": JSON.stringify(jwtKeySet(1, keys)) });
  const keyring = createKeyring({ dir, logger, ...(clock && { clock }), pollIntervalMs: 60_000 });
  keyrings.push(keyring);
  await keyring.ready;
  return keyring;
}

const principal = {
  userId: "6f1c0f4e-8a55-4c36-9a53-0c1c8f1a2b3c",
  roles: rolesOf({ role: "user", plan: "free" }),
  sessionId: "s1",
  amr: ["pwd"],
};

afterEach(() => {
  vi.useRealTimers();
  for (const keyring of keyrings.splice(0)) keyring.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("access tokens on the key set", () => {
  it("signs with the newest active key whose activatesAt has passed, and verifies by kid", async () => {
    const old = es256Key({ activatesAt: "2025-01-01T00:00:00Z" });
    const current = es256Key({ activatesAt: "2025-06-01T00:00:00Z" });
    const future = es256Key({ activatesAt: "2999-01-01T00:00:00Z" });
    const keyring = await keyringWith([old, current, future]);
    const tokens = createTokens({ keyring, issuer: "i", audience: "a", accessTtlSeconds: 60 });
    const { token } = await tokens.issueAccess(principal);
    expect(decodeProtectedHeader(token)).toMatchObject({ kid: current.kid, alg: "ES256", typ: "at+jwt" });
    expect(await tokens.verifyAccess(token)).toEqual(principal);
  });

  it("verifies a token of any key still in the set (staged, retiring), and none of a key outside it", async () => {
    const signer = es256Key({ state: "retiring" });
    const active = es256Key();
    const keyring = await keyringWith([signer, active]);
    const tokens = createTokens({ keyring, issuer: "i", audience: "a", accessTtlSeconds: 60 });
    const sign = (key: KeyEntry) =>
      new SignJWT({ roles: ["user"], sid: "s", amr: ["pwd"] })
        .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "at+jwt" })
        .setSubject(principal.userId)
        .setIssuer("i")
        .setAudience("a")
        .setIssuedAt()
        .setExpirationTime("1m")
        .sign(keyring.byKid(key.kid)?.signing ?? (undefined as never));
    await expect(tokens.verifyAccess(await sign(signer))).resolves.toMatchObject({
      userId: principal.userId,
    });
    const stranger = await keyringWith([es256Key()]);
    const foreign = await createTokens({
      keyring: stranger,
      issuer: "i",
      audience: "a",
      accessTtlSeconds: 60,
    }).issueAccess(principal);
    await expect(tokens.verifyAccess(foreign.token)).rejects.toMatchObject({
      statusCode: 401,
      message: "token signed with an unknown key",
    });
  });

  it("refuses expired tokens, wrong audience and an MFA challenge used as an access token", async () => {
    const keyring = await keyringWith([es256Key()]);
    const tokens = createTokens({
      keyring,
      issuer: "i",
      audience: "a",
      accessTtlSeconds: 1,
      clockToleranceSeconds: 0,
    });
    const other = createTokens({ keyring, issuer: "i", audience: "b", accessTtlSeconds: 60 });
    await expect(tokens.verifyAccess((await other.issueAccess(principal)).token)).rejects.toMatchObject({
      statusCode: 401,
    });
    const challenge = await tokens.issueMfaChallenge(principal.userId);
    await expect(tokens.verifyAccess(challenge)).rejects.toMatchObject({ statusCode: 401 });
    expect(await tokens.verifyMfaChallenge(challenge)).toBe(principal.userId);
    const { token } = await tokens.issueAccess(principal);
    // jose reads the time from Date: move it past the 1 s lifetime instead of waiting.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 2100 });
    await expect(tokens.verifyAccess(token)).rejects.toMatchObject({ message: "token expired" });
  });

  it("counts every verification by result: valid (cached or not) and each failure's reason", async () => {
    const key = es256Key();
    const keyring = await keyringWith([key]);
    const registry = new Registry();
    const tokens = createTokens({ keyring, issuer: "i", audience: "a", accessTtlSeconds: 1, registry });
    // A second router on the same registry shares the counter instead of registering it twice.
    const other = createTokens({ keyring, issuer: "i", audience: "b", accessTtlSeconds: 60, registry });
    const counts = async () =>
      Object.fromEntries(
        (await registry.getMetricsAsJSON())
          .flatMap((m) => (m.name === "auth_token_verifications_total" ? m.values : []))
          .map((v) => [String(v.labels["result"]), v.value]),
      );
    expect(await counts()).toEqual({
      valid: 0,
      expired: 0,
      unknown_kid: 0,
      bad_signature: 0,
      wrong_alg: 0,
      bad_claims: 0,
      malformed: 0,
      missing: 0,
    });
    const { token } = await tokens.issueAccess(principal);
    await tokens.verifyAccess(token);
    await tokens.verifyAccess(token); // from the cache: still a request that verified
    const claims = () =>
      new SignJWT({ roles: ["user"] })
        .setSubject(principal.userId)
        .setIssuer("i")
        .setAudience("a")
        .setIssuedAt()
        .setExpirationTime("1m");
    const stranger = es256Key();
    const strangerKey = await importJWK(stranger.jwk as JWK, "ES256");
    // Signed by another key under our kid (a key replaced in place), under an unknown kid, and
    // with HS256 under our kid.
    const forged = await claims()
      .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "at+jwt" })
      .sign(strangerKey);
    const unknown = await claims()
      .setProtectedHeader({ alg: "ES256", kid: stranger.kid, typ: "at+jwt" })
      .sign(strangerKey);
    const hs = await claims()
      .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "at+jwt" })
      .sign(new TextEncoder().encode("0123456789abcdef0123456789abcdef"));
    const wrongAudience = (await other.issueAccess(principal)).token;
    for (const bad of [forged, unknown, hs, wrongAudience, "not.a.token"])
      await expect(tokens.verifyAccess(bad)).rejects.toMatchObject({ statusCode: 401 });
    const late = (await tokens.issueAccess(principal)).token;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 7100 });
    await expect(tokens.verifyAccess(late)).rejects.toMatchObject({ message: "token expired" });
    expect(await counts()).toEqual({
      valid: 2,
      expired: 1,
      unknown_kid: 1,
      bad_signature: 1,
      wrong_alg: 1,
      bad_claims: 1,
      malformed: 1,
      missing: 0,
    });
  });

  it("grants premium by plan and admin by role", () => {
    expect(rolesOf({ role: "user", plan: "free" })).toEqual(["user"]);
    expect(rolesOf({ role: "user", plan: "premium" })).toEqual(["user", "premium"]);
    expect(rolesOf({ role: "admin", plan: "premium" })).toEqual(["user", "premium", "admin"]);
  });
});
