// The browser's session (ADR 0049) on the real app: cookie mode for signup, login, MFA and refresh,
// the cookie's attributes, refresh and logout with the cookie alone, and CSRF refusals.
import type { LightMyRequestResponse } from "fastify";
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, enrolMfa, signup, startTestApi, totp, uniqueEmail } from "./harness.ts";
import type { TestApi } from "./harness.ts";

const web = { "x-phoenix-client": "web", "x-phoenix-csrf": "1" };
/** What Chromium sends with a same-origin fetch from the app's page (inject's Host is localhost:80). */
const sameOrigin = { ...web, origin: "http://localhost:80", "sec-fetch-site": "same-origin" };

function refreshCookieOf(response: LightMyRequestResponse) {
  const cookie = response.cookies.find((c) => c.name === "phoenix_refresh");
  if (!cookie) throw new Error(`no phoenix_refresh cookie in ${JSON.stringify(response.headers)}`);
  return cookie;
}

describe("browser session (refresh cookie)", () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi({
      env: {
        RATE_LIMIT_LOGIN_ATTEMPTS: "1000",
        REFRESH_REUSE_GRACE_SECONDS: "0",
        WEB_ORIGINS: "http://127.0.0.1:8080",
      },
    });
    return () => api.close();
  });

  const webSignup = async () => {
    const email = uniqueEmail();
    const password = "correct horse battery staple";
    const response = await api.app.inject({
      method: "POST",
      url: "/v1/auth/signup",
      headers: sameOrigin,
      payload: { email, password },
    });
    expect(response.statusCode).toBe(201);
    return { email, password, response, cookie: refreshCookieOf(response).value };
  };
  const cookieRefresh = (cookie: string, headers: Record<string, string> = sameOrigin) =>
    api.app.inject({
      method: "POST",
      url: "/v1/auth/refresh",
      headers,
      cookies: { phoenix_refresh: cookie },
      payload: {},
    });

  it("signs up in cookie mode: the refresh token is an httpOnly Secure SameSite=Strict cookie on /v1/auth, not in the body", async () => {
    const { response } = await webSignup();
    const body = response.json<Record<string, unknown>>();
    expect(body).not.toHaveProperty("refreshToken");
    expect(body["accessToken"]).toEqual(expect.any(String));
    const cookie = refreshCookieOf(response);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/v1/auth" });
    expect(cookie.maxAge).toBe(30 * 24 * 3600);
    // An API client keeps the body form.
    const cli = await signup(api);
    expect(cli.refreshToken).toEqual(expect.any(String));
  });

  it("refreshes with the cookie alone, rotating it; the old cookie is then a replay that ends the session", async () => {
    const { cookie } = await webSignup();
    const first = await cookieRefresh(cookie);
    expect(first.statusCode).toBe(200);
    expect(first.json<Record<string, unknown>>()).not.toHaveProperty("refreshToken");
    const next = refreshCookieOf(first).value;
    expect(next).not.toBe(cookie);
    const me = await api.app.inject({
      method: "GET",
      url: "/v1/me",
      headers: bearer(first.json<{ accessToken: string }>().accessToken),
    });
    expect(me.statusCode).toBe(200);
    const replay = await cookieRefresh(cookie);
    expect(replay.statusCode).toBe(401);
    expect(replay.json<{ error: string }>().error).toBe("refresh_token_reused");
    // The dead cookie is cleared, and its successor was revoked with the family.
    expect(refreshCookieOf(replay).value).toBe("");
    expect((await cookieRefresh(next)).statusCode).toBe(401);
  });

  it("refreshes with the cookie and no body at all (a bodyless fetch)", async () => {
    const { cookie } = await webSignup();
    const bare = await api.app.inject({
      method: "POST",
      url: "/v1/auth/refresh",
      headers: sameOrigin,
      cookies: { phoenix_refresh: cookie },
    });
    expect(bare.statusCode, bare.body).toBe(200);
  });

  it("logs in and passes MFA in cookie mode", async () => {
    const user = await signup(api);
    const secret = await enrolMfa(api, user.accessToken);
    const challenge = await api.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      headers: sameOrigin,
      payload: { email: user.email, password: user.password },
    });
    expect(challenge.json<{ mfaRequired: boolean }>().mfaRequired).toBe(true);
    expect(challenge.cookies).toEqual([]);
    const mfa = await api.app.inject({
      method: "POST",
      url: "/v1/auth/mfa",
      headers: sameOrigin,
      payload: { mfaToken: challenge.json<{ mfaToken: string }>().mfaToken, code: await totp(secret, 1) },
    });
    expect(mfa.statusCode).toBe(200);
    expect(mfa.json<Record<string, unknown>>()).not.toHaveProperty("refreshToken");
    expect((await cookieRefresh(refreshCookieOf(mfa).value)).statusCode).toBe(200);
  });

  it("logs out with the cookie only (no access token): the family is revoked and the cookie cleared", async () => {
    const { cookie, response } = await webSignup();
    const out = await api.app.inject({
      method: "POST",
      url: "/v1/auth/logout",
      headers: sameOrigin,
      cookies: { phoenix_refresh: cookie },
    });
    expect(out.statusCode).toBe(204);
    const cleared = refreshCookieOf(out);
    expect(cleared.value).toBe("");
    expect(cleared.path).toBe("/v1/auth");
    expect((await cookieRefresh(cookie)).statusCode).toBe(401);
    const userId = response.json<{ userId: string }>().userId;
    const rows = await api.asSystem<{ revoked_reason: string | null }>(
      "SELECT revoked_reason FROM refresh_tokens WHERE user_id = $1",
      [userId],
    );
    expect(rows.map((row) => row.revoked_reason)).toEqual(["logout"]);
  });

  it("logs out with the cookie even when the access token sent along is no longer valid", async () => {
    const { cookie } = await webSignup();
    const out = await api.app.inject({
      method: "POST",
      url: "/v1/auth/logout",
      headers: { ...sameOrigin, ...bearer("expired.or.forged") },
      cookies: { phoenix_refresh: cookie },
    });
    expect(out.statusCode).toBe(204);
    expect((await cookieRefresh(cookie)).statusCode).toBe(401);
    // Without the cookie a bad token is still a 401 naming the token.
    const bare = await api.app.inject({
      method: "POST",
      url: "/v1/auth/logout",
      headers: bearer("expired.or.forged"),
    });
    expect(bare.json<{ error: string }>().error).toBe("invalid_token");
  });

  it("answers logout with neither token nor cookie with 401", async () => {
    const out = await api.app.inject({ method: "POST", url: "/v1/auth/logout" });
    expect(out.statusCode).toBe(401);
    expect(out.json<{ error: string }>().error).toBe("unauthenticated");
  });

  const refusals: Array<[string, Record<string, string>]> = [
    ["without the CSRF header (a cross-site form)", { "content-type": "application/json" }],
    ["from another site's page (Sec-Fetch-Site: cross-site)", { ...web, "sec-fetch-site": "cross-site" }],
    ["from a sibling site (Sec-Fetch-Site: same-site)", { ...web, "sec-fetch-site": "same-site" }],
    ["from a foreign Origin", { ...web, origin: "https://evil.example" }],
  ];
  it.each(refusals)(
    "refuses a cookie refresh %s with 403 csrf_rejected, rotating nothing",
    async (_case, headers) => {
      const { cookie } = await webSignup();
      const refused = await cookieRefresh(cookie, headers);
      expect(refused.statusCode).toBe(403);
      expect(refused.json<{ error: string; message: string }>()).toMatchObject({ error: "csrf_rejected" });
      // The cookie still works from the app's own page: nothing was used up.
      expect((await cookieRefresh(cookie)).statusCode).toBe(200);
    },
  );

  it("refuses a cross-site cookie logout and a cross-site cookie-mode login", async () => {
    const { cookie, email, password } = await webSignup();
    const logout = (headers: Record<string, string>) =>
      api.app.inject({
        method: "POST",
        url: "/v1/auth/logout",
        headers: { origin: "https://evil.example", ...headers },
        cookies: { phoenix_refresh: cookie },
      });
    // A cross-site form's body type is refused before anything else; a bodyless no-cors fetch by CSRF.
    expect((await logout({ "content-type": "application/x-www-form-urlencoded" })).statusCode).toBe(415);
    const bare = await logout({});
    expect(bare.statusCode).toBe(403);
    expect(bare.json<{ error: string }>().error).toBe("csrf_rejected");
    expect((await cookieRefresh(cookie)).statusCode).toBe(200);
    const login = await api.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      headers: { ...web, origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      payload: { email, password },
    });
    expect(login.statusCode).toBe(403);
    expect(login.cookies).toEqual([]);
  });

  it("accepts a configured web origin (WEB_ORIGINS) other than the API's host", async () => {
    const { cookie } = await webSignup();
    const ok = await cookieRefresh(cookie, { ...web, origin: "http://127.0.0.1:8080" });
    expect(ok.statusCode).toBe(200);
  });
});
