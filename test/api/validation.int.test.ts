// Bad input on every route is a 4xx with a JSON error naming the field, and writes nothing; a
// user never reaches another user's data.
import { beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "@phoenix/store";
import { userTables } from "../../services/api/src/gdpr/export.ts";
import { bearer, signup, signupAdmin, startTestApi } from "./harness.ts";
import type { SignedUp, TestApi } from "./harness.ts";

interface Case {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  url: string;
  payload?: unknown;
  as?: "user" | "admin" | "none";
  field: string;
}

describe("input validation and isolation", () => {
  let api: TestApi;
  let user: SignedUp;
  let adminToken: string;

  beforeAll(async () => {
    api = await startTestApi({
      env: { RATE_LIMIT_LOGIN_ATTEMPTS: "1000", RATE_LIMIT_API_PER_MINUTE: "100000" },
    });
    return () => api.close();
  });
  beforeAll(async () => {
    user = await signup(api);
    ({ token: adminToken } = await signupAdmin(api));
  });

  const cases: Case[] = [
    {
      method: "POST",
      url: "/v1/auth/signup",
      payload: { email: "nope", password: "long enough password" },
      field: "body/email",
    },
    {
      method: "POST",
      url: "/v1/auth/signup",
      payload: { email: "a@b.co", password: 12 },
      field: "body/password",
    },
    { method: "POST", url: "/v1/auth/login", payload: { email: "a@b.co" }, field: "password" },
    {
      method: "POST",
      url: "/v1/auth/mfa",
      payload: { mfaToken: "", code: "123456" },
      field: "body/mfaToken",
    },
    {
      method: "POST",
      url: "/v1/auth/refresh",
      payload: { refreshToken: "short" },
      field: "body/refreshToken",
    },
    { method: "PATCH", url: "/v1/me", payload: { phone: "+1646123" }, field: "body/phone" },
    { method: "PATCH", url: "/v1/me", payload: { timeZone: "Mars/Olympus_Mons" }, field: "body/timeZone" },
    { method: "PATCH", url: "/v1/me", payload: { language: "de" }, field: "body/language" },
    { method: "PATCH", url: "/v1/me", payload: {}, field: "body" },
    {
      method: "POST",
      url: "/v1/me/consents",
      payload: { type: "Not Valid", policyVersion: "v1" },
      field: "body/type",
    },
    { method: "POST", url: "/v1/me/consents", payload: { type: "marketing" }, field: "policyVersion" },
    { method: "DELETE", url: "/v1/me/consents/NOT%20VALID", field: "params/type" },
    { method: "POST", url: "/v1/me/mfa/confirm", payload: { code: "1" }, field: "body/code" },
    { method: "POST", url: "/v1/me/mfa/disable", payload: {}, field: "code" },
    {
      method: "POST",
      url: "/v1/me/mfa/recovery-codes",
      payload: { code: "x".repeat(40) },
      field: "body/code",
    },
    { method: "POST", url: "/v1/me/number", payload: { areaCode: "4a5" }, field: "body/areaCode" },
    { method: "POST", url: "/v1/me/number", payload: { countryCode: "usa" }, field: "body/countryCode" },
    { method: "GET", url: "/v1/admin/users?id=not-a-uuid", as: "admin", field: "querystring/id" },
    { method: "GET", url: "/v1/admin/users", as: "admin", field: "querystring" },
    { method: "DELETE", url: "/v1/admin/rate-limits/everything/x", as: "admin", field: "params/scope" },
    { method: "DELETE", url: "/v1/admin/users/123", as: "admin", field: "params/id" },
    { method: "DELETE", url: "/v1/admin/users/123/number", as: "admin", field: "params/id" },
    {
      method: "POST",
      url: "/v1/billing/webhook",
      payload: {},
      as: "none",
      field: "stripe-signature",
    },
  ];

  const snapshot = () =>
    withSystem(api.pool, async (tx) => {
      const counts: Record<string, string> = {};
      for (const table of [...(await userTables(tx)), "users", "audit_log", "stripe_events"]) {
        counts[table] = (await tx.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`)).rows[0]!.n;
      }
      return counts;
    });

  it("answers every bad request with 400 and a JSON error naming the field, writing nothing", async () => {
    const before = await snapshot();
    for (const c of cases) {
      const token = c.as === "admin" ? adminToken : c.as === "none" ? undefined : user.accessToken;
      const response = await api.app.inject({
        method: c.method,
        url: c.url,
        ...(c.payload !== undefined && { payload: c.payload as object }),
        ...(token && { headers: bearer(token) }),
      });
      const label = `${c.method} ${c.url}`;
      expect(response.statusCode, `${label}: ${response.body}`).toBe(400);
      const body = response.json<{ error: string; message: string }>();
      expect(body.error, label).toMatch(/^[a-z_]+$/);
      expect(body.message, label).toContain(c.field);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("never shows one user's data to another", async () => {
    const other = await signup(api);
    await api.app.inject({
      method: "POST",
      url: "/v1/me/consents",
      headers: bearer(other.accessToken),
      payload: { type: "marketing", policyVersion: "secret-of-other" },
    });
    const mine = await api.app.inject({
      method: "GET",
      url: "/v1/me/consents",
      headers: bearer(user.accessToken),
    });
    expect(mine.body).not.toContain("secret-of-other");
    // A refresh token re-addressed to another user is worthless.
    const [, secret] = user.refreshToken.split(".");
    if (secret === undefined) throw new Error("a refresh token is <user id>.<secret>");
    const spoofed = await api.app.inject({
      method: "POST",
      url: "/v1/auth/refresh",
      payload: { refreshToken: `${other.userId}.${secret}` },
    });
    expect(spoofed.statusCode).toBe(401);
    // A non-admin cannot look anyone up, reset limits or release numbers.
    for (const [method, url] of [
      ["GET", `/v1/admin/users?id=${other.userId}`],
      ["DELETE", `/v1/admin/rate-limits/api/${other.userId}`],
      ["DELETE", `/v1/admin/users/${other.userId}/number`],
      ["DELETE", `/v1/admin/users/${other.userId}`],
      ["GET", "/v1/admin/keys"],
    ] as const) {
      const response = await api.app.inject({ method, url, headers: bearer(user.accessToken) });
      expect(response.statusCode, url).toBe(403);
    }
    expect((await api.asSystem("SELECT 1 FROM users WHERE id = $1", [other.userId])).length).toBe(1);
  });
});
