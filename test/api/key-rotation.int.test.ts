// A KeyRotation as the operator performs it (docs/keyset-format.md "Rotation as the operator
// writes it"), written into the mounted key-set directory the way the kubelet updates a Secret,
// while clients keep calling the API and refreshing their short-lived tokens: not one 401.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SignJWT, decodeProtectedHeader, importJWK } from "jose";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";
import type { KeyEntry } from "../../packages/kernel/src/keyset.ts";
import { bearer, signup, startTestApi } from "./harness.ts";
import { moreCalls, startClient, stopAll } from "./load.ts";
import type { TestApi } from "./harness.ts";

const iso = (ms: number) => new Date(ms).toISOString();

const ACCESS_TTL_S = 3;
// overlap ≥ longest token lifetime + reload delay (poll 200 ms), as the KeyRotation CRD demands.
const ACTIVATION_DELAY_MS = 1000;

describe("JWT key rotation under load", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_S), RATE_LIMIT_API_PER_MINUTE: "1000000" },
    });
    return () => api.close();
  });

  /** Resolves once the API has loaded the key set's `revision` (it polls the directory every 200 ms). */
  const reloaded = (revision: number) =>
    vi.waitFor(
      () => {
        expect(api.context.jwtKeys.revision).toBe(revision);
      },
      { timeout: 5000, interval: 20 },
    );

  it("stages, promotes and retires a key with zero 401s; the old key's tokens die only when it leaves the set", async () => {
    const [oldKey] = api.jwtKeys.document.keys as [KeyEntry];
    const clients = await Promise.all([startClient(api), startClient(api), startClient(api)]);
    // A long-lived token signed with the old key (as if issued just before the switch), to show
    // that verification follows the key set: accepted while the key is in it, refused after.
    const witnessUser = await signup(api);
    const witness = await new SignJWT({
      sub: witnessUser.userId,
      roles: ["user"],
      sid: "witness",
      amr: ["pwd"],
    })
      .setProtectedHeader({ alg: "ES256", kid: oldKey.kid, typ: "at+jwt" })
      .setIssuer("phoenix-api")
      .setAudience("phoenix")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(await importJWK(oldKey.jwk as Parameters<typeof importJWK>[0], "ES256"));
    await moreCalls(clients, 20);

    // 1. The new key is published for verification only.
    const staged = es256Key({
      state: "staged",
      createdAt: iso(Date.now()),
      activatesAt: iso(Date.now() + 3600_000),
    });
    await api.jwtKeys.write([oldKey, staged]);
    await reloaded(2);
    await moreCalls(clients, 20);

    // 2. Promoted: active from activatesAt, which every replica reaches with the key already loaded.
    const activatesAt = Date.now() + ACTIVATION_DELAY_MS;
    const promoted = { ...staged, state: "active" as const, activatesAt: iso(activatesAt) };
    await api.jwtKeys.write([oldKey, promoted]);
    await reloaded(3);
    // Every client is on the new key: it signs from activatesAt, and a token is refreshed at 2 s of age.
    await vi.waitFor(
      () => {
        for (const client of clients) expect(client.kids).toContain(promoted.kid);
      },
      { timeout: 10_000, interval: 50 },
    );
    const afterPromotion = await signup(api);
    expect(decodeProtectedHeader(afterPromotion.accessToken).kid).toBe(promoted.kid);

    // 3. The old key retires: verification only. Its retiresAt is already behind us (as it is once
    // the overlap has run out), so no wall-clock wait: it must still verify until the operator
    // removes it from the set, while every client keeps calling.
    const retiresAt = Date.now() - 1000;
    await api.jwtKeys.write([{ ...oldKey, state: "retiring", retiresAt: iso(retiresAt) }, promoted]);
    await reloaded(4);
    await moreCalls(clients, 20);
    expect(
      (await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(witness) })).statusCode,
      "a retiring key still verifies",
    ).toBe(200);

    // 4. The operator removes it.
    await api.jwtKeys.write([promoted]);
    await reloaded(5);
    await moreCalls(clients, 20);
    const { stats, totals } = await stopAll(clients);
    expect(totals.get(401) ?? 0).toBe(0);
    expect([...totals.keys()]).toEqual([200]);
    expect(totals.get(200)).toBeGreaterThan(300);
    for (const client of stats) expect([...client.kids].sort()).toEqual([oldKey.kid, promoted.kid].sort());

    // The witness (old kid, not expired) is refused now that its key left the set.
    const stale = await api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(witness) });
    expect(stale.statusCode).toBe(401);
    expect(stale.json<{ message: string }>().message).toContain("unknown key");
    expect(api.context.jwtKeys.revision).toBe(5);
  });
});
