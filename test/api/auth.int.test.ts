// Accounts end to end on the real app, Postgres (RLS on) and Redis: signup, login, TOTP MFA with
// recovery codes, rotating refresh tokens with reuse detection, logout, roles, the profile's language.
import { beforeAll, describe, expect, it } from "vitest";
import { decodeProtectedHeader } from "jose";
import {
  bearer,
  enrolMfa,
  loginWithMfa,
  refresh as refreshWith,
  signup,
  signupAdmin,
  startTestApi,
  totp,
  uniqueEmail,
  uniquePhone,
} from "./harness.ts";
import { frenchPhone } from "../support/sms-data.ts";
import type { TestApi } from "./harness.ts";

/** A compact JWS's three parts: header, payload, signature. */
function jwsParts(token: string): [string, string, string] {
  const [head, payload, signature, ...rest] = token.split(".");
  if (head === undefined || payload === undefined || signature === undefined || rest.length > 0) {
    throw new Error(`not a compact JWS: ${token}`);
  }
  return [head, payload, signature];
}

describe("auth", () => {
  let api: TestApi;

  beforeAll(async () => {
    // Every inject comes from 127.0.0.1: the per-IP login limit is tested in rate-limits.int.test.ts.
    // No grace period here: a replay is a replay at once (the grace period has its own suite below).
    api = await startTestApi({
      env: { RATE_LIMIT_LOGIN_ATTEMPTS: "1000", REFRESH_REUSE_GRACE_SECONDS: "0" },
    });
    return () => api.close();
  });

  const login = (email: string, password: string) =>
    api.app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, password } });
  const refresh = (refreshToken: string) => refreshWith(api, refreshToken);
  const me = (token: string) => api.app.inject({ method: "GET", url: "/v1/me", headers: bearer(token) });

  it("signs up with e-mail, password and an E.164 phone, storing an argon2id hash only", async () => {
    const user = await signup(api, { email: `Mixed.${uniqueEmail()}`, phone: "+1 (415) 555-0142" });
    const profile = (await me(user.accessToken)).json<{
      email: string;
      phone: string;
      roles: string[];
      plan: string;
    }>();
    expect(profile.email).toMatch(/^mixed\./);
    expect(profile.phone).toBe("+14155550142");
    expect(profile.roles).toEqual(["user"]);
    expect(profile.plan).toBe("free");
    const [row] = await api.asSystem<{ password_hash: string }>(
      "SELECT password_hash FROM credentials WHERE user_id = $1",
      [user.userId],
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    expect(row!.password_hash).not.toContain(user.password);
  });

  it("rejects bad signup input with a 400 naming the field, and writes nothing", async () => {
    const before = await api.asSystem<{ n: string }>("SELECT count(*) AS n FROM users");
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ email: "not-an-email", password: "long enough password" }, "body/email"],
      [{ email: uniqueEmail(), password: "short" }, "body/password"],
      [{ email: uniqueEmail(), password: "long enough password", phone: "+1646123" }, "body/phone"],
      [{ password: "long enough password" }, "email"],
    ];
    for (const [payload, field] of cases) {
      const response = await api.app.inject({ method: "POST", url: "/v1/auth/signup", payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json<{ error: string; message: string }>().message).toContain(field);
    }
    const after = await api.asSystem<{ n: string }>("SELECT count(*) AS n FROM users");
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it("gives the profile the phone's language until the user picks one with PATCH", async () => {
    const french = await signup(api, { phone: frenchPhone() });
    const english = await signup(api, { phone: uniquePhone() });
    const languageOf = async (token: string) => (await me(token)).json<{ language: string }>().language;
    const patch = (payload: object) =>
      api.app.inject({ method: "PATCH", url: "/v1/me", headers: bearer(french.accessToken), payload });
    const stored = async () =>
      (
        await api.asSystem<{ language: string | null }>("SELECT language FROM users WHERE id = $1", [
          french.userId,
        ])
      )[0]!.language;
    expect(await languageOf(french.accessToken)).toBe("fr");
    expect(await languageOf(english.accessToken)).toBe("en");
    // A default is not a choice: nothing is stored until the user makes one.
    expect(await stored()).toBeNull();

    const chosen = await patch({ language: "en" });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json<{ language: string }>().language).toBe("en");
    expect(await languageOf(french.accessToken)).toBe("en");
    expect(await stored()).toBe("en");
    // Editing another field keeps the choice; an unknown language is refused and changes nothing.
    expect((await patch({ timeZone: "Europe/Paris" })).json<{ language: string }>().language).toBe("en");
    const refused = await patch({ language: "de" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ message: string }>().message).toContain("body/language");
    expect(await stored()).toBe("en");
    expect((await patch({ language: "fr" })).json<{ language: string }>().language).toBe("fr");
  });

  it("sets and removes quiet hours with PATCH, in the columns the SMS 'quiet 22-7' writes", async () => {
    const user = await signup(api);
    const patch = (payload: object) =>
      api.app.inject({ method: "PATCH", url: "/v1/me", headers: bearer(user.accessToken), payload });
    const stored = async () =>
      (
        await api.asSystem<{ quiet_start: string | null; quiet_end: string | null }>(
          "SELECT quiet_start, quiet_end FROM users WHERE id = $1",
          [user.userId],
        )
      )[0];
    expect((await me(user.accessToken)).json<{ quietHours: unknown }>().quietHours).toBeNull();
    const set = await patch({ quietHours: { start: "22:30", end: "07:00" } });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json<{ quietHours: unknown }>().quietHours).toEqual({ start: "22:30", end: "07:00" });
    expect(await stored()).toEqual({ quiet_start: "22:30", quiet_end: "07:00" });
    // Another field leaves them; a bad time or an empty window is refused and changes nothing.
    expect((await patch({ timeZone: "Europe/Paris" })).json<{ quietHours: unknown }>().quietHours).toEqual({
      start: "22:30",
      end: "07:00",
    });
    for (const quietHours of [
      { start: "25:00", end: "07:00" },
      { start: "7:00", end: "08:00" },
      { start: "08:00", end: "08:00" },
    ]) {
      const refused = await patch({ quietHours });
      expect(refused.statusCode, JSON.stringify(quietHours)).toBe(400);
      expect(refused.json<{ message: string }>().message).toContain("body/quietHours");
    }
    expect(await stored()).toEqual({ quiet_start: "22:30", quiet_end: "07:00" });
    expect((await patch({ quietHours: null })).json<{ quietHours: unknown }>().quietHours).toBeNull();
    expect(await stored()).toEqual({ quiet_start: null, quiet_end: null });
  });

  it("refuses a second account for the same e-mail with 409", async () => {
    const user = await signup(api);
    const again = await api.app.inject({
      method: "POST",
      url: "/v1/auth/signup",
      payload: { email: user.email.toUpperCase(), password: "another long password" },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: string }>().error).toBe("email_taken");
  });

  it("logs in with the right password only; the access token is signed with the active key by kid", async () => {
    const user = await signup(api);
    expect((await login(user.email, "wrong password!")).statusCode).toBe(401);
    expect((await login(uniqueEmail(), user.password)).statusCode).toBe(401);
    const ok = await login(user.email, user.password);
    expect(ok.statusCode).toBe(200);
    const { accessToken, expiresIn } = ok.json<{ accessToken: string; expiresIn: number }>();
    expect(expiresIn).toBe(900);
    const header = decodeProtectedHeader(accessToken);
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: api.jwtKeys.document.keys[0]!.kid });
    expect((await me(accessToken)).statusCode).toBe(200);
  });

  it("answers 401 for a missing, malformed, forged or unknown-key token", async () => {
    const user = await signup(api);
    expect((await api.app.inject({ method: "GET", url: "/v1/me" })).statusCode).toBe(401);
    expect((await me("garbage")).statusCode).toBe(401);
    const [head, payload, signature] = jwsParts(user.accessToken);
    const forged = `${head}.${payload}.${Buffer.alloc(64).toString("base64url")}`;
    expect((await me(forged)).statusCode).toBe(401);
    const otherKid = Buffer.from(JSON.stringify({ alg: "ES256", kid: "nope", typ: "at+jwt" })).toString(
      "base64url",
    );
    const unknown = await me(`${otherKid}.${payload}.${signature}`);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json<{ message: string }>().message).toContain("unknown key");
  });

  it("rotates refresh tokens: each is single use and returns a new pair", async () => {
    const user = await signup(api);
    const first = await refresh(user.refreshToken);
    expect(first.statusCode).toBe(200);
    const pair = first.json<{ accessToken: string; refreshToken: string }>();
    expect(pair.refreshToken).not.toBe(user.refreshToken);
    expect((await me(pair.accessToken)).statusCode).toBe(200);
    const second = await refresh(pair.refreshToken);
    expect(second.statusCode).toBe(200);
  });

  it("revokes the whole family when a used refresh token is replayed", async () => {
    const user = await signup(api);
    const stolen = user.refreshToken;
    const legit = (await refresh(stolen)).json<{ refreshToken: string }>();
    const replay = await refresh(stolen);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: string }>().error).toBe("refresh_token_reused");
    // The legitimate successor is dead too: the family is revoked.
    const after = await refresh(legit.refreshToken);
    expect(after.statusCode).toBe(401);
    const rows = await api.asSystem<{ revoked_reason: string | null }>(
      "SELECT revoked_reason FROM refresh_tokens WHERE user_id = $1",
      [user.userId],
    );
    expect(rows.length).toBe(2);
    expect(rows.every((row) => row.revoked_reason === "reuse")).toBe(true);
    // Another login still works: only that family was revoked.
    expect((await login(user.email, user.password)).statusCode).toBe(200);
  });

  it("logout revokes the session's refresh tokens", async () => {
    const user = await signup(api);
    const out = await api.app.inject({
      method: "POST",
      url: "/v1/auth/logout",
      headers: bearer(user.accessToken),
    });
    expect(out.statusCode).toBe(204);
    expect((await refresh(user.refreshToken)).statusCode).toBe(401);
  });

  it("signup → login → MFA enrol/confirm → login needs the code → refresh keeps amr", async () => {
    const user = await signup(api);
    const otherDevice = (await login(user.email, user.password)).json<{ refreshToken: string }>();
    const enrol = await api.app.inject({
      method: "POST",
      url: "/v1/me/mfa/enrol",
      headers: bearer(user.accessToken),
    });
    expect(enrol.statusCode).toBe(200);
    const { secret, otpauthUrl } = enrol.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Phoenix:/);
    // Stored sealed under the internal key, never in clear.
    const [sealed] = await api.asSystem<{ secret_ciphertext: Buffer; key_id: string }>(
      "SELECT secret_ciphertext, key_id FROM mfa_totp WHERE user_id = $1",
      [user.userId],
    );
    expect(sealed!.key_id).toBe("internal-1");
    expect(sealed!.secret_ciphertext.toString("latin1")).not.toContain(secret);

    const wrong = await api.app.inject({
      method: "POST",
      url: "/v1/me/mfa/confirm",
      headers: bearer(user.accessToken),
      payload: { code: "000000" === (await totp(secret)) ? "111111" : "000000" },
    });
    expect(wrong.statusCode).toBe(400);
    const confirm = await api.app.inject({
      method: "POST",
      url: "/v1/me/mfa/confirm",
      headers: bearer(user.accessToken),
      payload: { code: await totp(secret) },
    });
    expect(confirm.statusCode).toBe(200);
    const { recoveryCodes } = confirm.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);

    const step1 = (await login(user.email, user.password)).json<{ mfaRequired: boolean; mfaToken: string }>();
    expect(step1.mfaRequired).toBe(true);
    expect("accessToken" in step1).toBe(false);
    // The challenge is not an access token.
    expect((await me(step1.mfaToken)).statusCode).toBe(401);
    // The code used to confirm was consumed: the same time step is never accepted again.
    const code = await totp(secret);
    const replayed = await api.app.inject({
      method: "POST",
      url: "/v1/auth/mfa",
      payload: { mfaToken: step1.mfaToken, code },
    });
    expect(replayed.statusCode).toBe(401);
    const next = await api.app.inject({
      method: "POST",
      url: "/v1/auth/mfa",
      payload: { mfaToken: step1.mfaToken, code: await totp(secret, 1) },
    });
    expect(next.statusCode).toBe(200);
    const pair = next.json<{ accessToken: string; refreshToken: string }>();
    const refreshed = (await refresh(pair.refreshToken)).json<{ accessToken: string }>();
    const claims = JSON.parse(Buffer.from(refreshed.accessToken.split(".")[1]!, "base64url").toString()) as {
      amr: string[];
    };
    expect(claims.amr).toEqual(["pwd", "otp"]);
    expect((await me(refreshed.accessToken)).json<{ mfaEnabled: boolean }>().mfaEnabled).toBe(true);

    // A recovery code works once.
    const challenge = (await login(user.email, user.password)).json<{ mfaToken: string }>().mfaToken;
    const recovery = { mfaToken: challenge, code: recoveryCodes[0]! };
    expect(
      (await api.app.inject({ method: "POST", url: "/v1/auth/mfa", payload: recovery })).statusCode,
    ).toBe(200);
    expect(
      (await api.app.inject({ method: "POST", url: "/v1/auth/mfa", payload: recovery })).statusCode,
    ).toBe(401);

    // Confirming MFA ended the user's other sessions, not the one that confirmed it.
    expect((await refresh(otherDevice.refreshToken)).statusCode).toBe(401);
    expect((await refresh(user.refreshToken)).statusCode).toBe(200);

    const disable = await api.app.inject({
      method: "POST",
      url: "/v1/me/mfa/disable",
      headers: bearer(pair.accessToken),
      payload: { code: recoveryCodes[1]! },
    });
    expect(disable.statusCode).toBe(204);
    expect(
      (await login(user.email, user.password)).json<{ accessToken?: string }>().accessToken,
    ).toBeDefined();
  });

  it("keeps non-admins out of admin routes and lets admins in", async () => {
    const user = await signup(api);
    const keys = () =>
      api.app.inject({ method: "GET", url: "/v1/admin/keys", headers: bearer(user.accessToken) });
    expect((await keys()).statusCode).toBe(403);
    expect((await api.app.inject({ method: "GET", url: "/v1/admin/keys" })).statusCode).toBe(401);
    await api.asSystem("UPDATE users SET role = 'admin' WHERE id = $1", [user.userId]);
    // Roles are claims: a new token (refresh) carries the admin role.
    const fresh = (await refresh(user.refreshToken)).json<{ accessToken: string }>();
    const status = await api.app.inject({
      method: "GET",
      url: "/v1/admin/keys",
      headers: bearer(fresh.accessToken),
    });
    expect(status.statusCode).toBe(200);
    expect(status.json<{ jwt: { signingKid: string; revision: number } }>().jwt).toMatchObject({
      signingKid: api.jwtKeys.document.keys[0]!.kid,
      revision: 1,
    });
    const lookup = await api.app.inject({
      method: "GET",
      url: `/v1/admin/users?email=${encodeURIComponent(user.email)}`,
      headers: bearer(fresh.accessToken),
    });
    expect(lookup.json<Array<{ id: string; roles: string[] }>>()).toEqual([
      expect.objectContaining({ id: user.userId, roles: ["user", "admin"] }),
    ]);
  });
});

describe("admin routes in production configuration", () => {
  it("need a session that passed MFA, not only the admin role", async () => {
    const api = await startTestApi({ env: { ADMIN_REQUIRE_MFA: "true", RATE_LIMIT_LOGIN_ATTEMPTS: "1000" } });
    try {
      const { user, token } = await signupAdmin(api);
      const keys = (accessToken: string) =>
        api.app.inject({ method: "GET", url: "/v1/admin/keys", headers: bearer(accessToken) });
      const withoutMfa = await keys(token);
      expect(withoutMfa.statusCode).toBe(403);
      expect(withoutMfa.json<{ error: string }>().error).toBe("mfa_required");
      const secret = await enrolMfa(api, token);
      const pair = await loginWithMfa(api, user, secret);
      expect((await keys(pair.json<{ accessToken: string }>().accessToken)).statusCode).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe("refresh reuse grace period", () => {
  let api: TestApi;
  const graceSeconds = 2;

  beforeAll(async () => {
    api = await startTestApi({ env: { REFRESH_REUSE_GRACE_SECONDS: String(graceSeconds) } });
    return () => api.close();
  });

  const refresh = (refreshToken: string) => refreshWith(api, refreshToken);

  it("gives two simultaneous refreshes with one token a successor each, and revokes nothing", async () => {
    const user = await signup(api);
    const [a, b] = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const tokens = [a, b].map((r) => r.json<{ refreshToken: string }>().refreshToken);
    expect(new Set(tokens).size).toBe(2);
    // Both tabs carry on.
    for (const token of tokens) expect((await refresh(token)).statusCode).toBe(200);
    const revoked = await api.asSystem<{ n: string }>(
      "SELECT count(*) AS n FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NOT NULL",
      [user.userId],
    );
    expect(revoked[0]!.n).toBe("0");
  });

  it("treats the token as replayed once the grace period has passed: the family is revoked", async () => {
    const user = await signup(api);
    const successor = (await refresh(user.refreshToken)).json<{ refreshToken: string }>().refreshToken;
    // The grace period is measured by Postgres (used_at > now() - grace): move the use back past it
    // instead of waiting for the database's clock.
    const moved = await api.asSystem(
      "UPDATE refresh_tokens SET used_at = used_at - make_interval(secs => $2) WHERE user_id = $1 AND used_at IS NOT NULL RETURNING id",
      [user.userId, graceSeconds + 0.5],
    );
    expect(moved).toHaveLength(1);
    const replay = await refresh(user.refreshToken);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: string }>().error).toBe("refresh_token_reused");
    expect((await refresh(successor)).statusCode).toBe(401);
  });
});
