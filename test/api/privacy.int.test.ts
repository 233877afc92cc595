// Acts that need the user again, not only their access token: deleting the account (password, and
// a code with MFA on; the session ends, the refresh cookie is cleared) and changing the password
// (every other session ends).
import { beforeAll, describe, expect, it } from "vitest";
import { bearer, enrolMfa, refresh, signup, startTestApi, totp } from "./harness.ts";
import type { TestApi } from "./harness.ts";

describe("re-authenticated account changes", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({
      env: { RATE_LIMIT_LOGIN_ATTEMPTS: "1000", REFRESH_REUSE_GRACE_SECONDS: "0" },
    });
    return () => api.close();
  });

  const erase = (token: string, payload?: object) =>
    api.app.inject({ method: "DELETE", url: "/v1/me", headers: bearer(token), ...(payload && { payload }) });
  const exists = async (userId: string) =>
    (await api.asSystem("SELECT 1 FROM users WHERE id = $1", [userId])).length === 1;

  it("refuses to delete without the right password, and deletes nothing", async () => {
    const user = await signup(api);
    const missing = await erase(user.accessToken);
    expect(missing.statusCode).toBe(400);
    const wrong = await erase(user.accessToken, { password: "not my password" });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: "invalid_credentials", message: "body/password is wrong" });
    expect(await exists(user.userId)).toBe(true);
  });

  it("deletes with the password, clears the refresh cookie, and the session is over", async () => {
    const user = await signup(api);
    const deleted = await erase(user.accessToken, { password: user.password });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json<{ deleted: boolean }>().deleted).toBe(true);
    const cookie = deleted.cookies.find((c) => c.name === "phoenix_refresh");
    expect(cookie).toMatchObject({ value: "", path: "/v1/auth", httpOnly: true });
    expect(await exists(user.userId)).toBe(false);
    expect((await refresh(api, user.refreshToken)).statusCode).toBe(401);
  });

  it("with MFA on, needs a valid code too", async () => {
    const user = await signup(api);
    await enrolMfa(api, user.accessToken);
    const secret = (
      await api.asSystem<{ n: number }>("SELECT count(*)::int AS n FROM mfa_totp WHERE user_id = $1", [
        user.userId,
      ])
    )[0]?.n;
    expect(secret).toBe(1);
    const noCode = await erase(user.accessToken, { password: user.password });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json<{ error: string }>().error).toBe("mfa_code_required");
    const badCode = await erase(user.accessToken, { password: user.password, code: "000000" });
    expect(badCode.json<{ error: string }>().error).toBe("invalid_code");
    expect(await exists(user.userId)).toBe(true);
  });

  it("deletes an MFA account with password and a TOTP code", async () => {
    const user = await signup(api);
    const secret = await enrolMfa(api, user.accessToken);
    const deleted = await erase(user.accessToken, { password: user.password, code: await totp(secret, 1) });
    expect(deleted.statusCode).toBe(200);
    expect(await exists(user.userId)).toBe(false);
  });

  it("changes the password: the current one is checked, other sessions end, this one stays", async () => {
    const user = await signup(api);
    const otherDevice = await api.app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email: user.email, password: user.password },
    });
    const other = otherDevice.json<{ refreshToken: string }>().refreshToken;
    const change = (payload: object) =>
      api.app.inject({ method: "POST", url: "/v1/me/password", headers: bearer(user.accessToken), payload });
    const wrong = await change({ password: "wrong password!", newPassword: "a brand new passphrase" });
    expect(wrong.statusCode).toBe(401);
    const short = await change({ password: user.password, newPassword: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ message: string }>().message).toContain("newPassword");
    expect(
      (await change({ password: user.password, newPassword: "a brand new passphrase" })).statusCode,
    ).toBe(204);

    expect((await refresh(api, other)).statusCode).toBe(401);
    expect((await refresh(api, user.refreshToken)).statusCode).toBe(200);
    const login = (password: string) =>
      api.app.inject({ method: "POST", url: "/v1/auth/login", payload: { email: user.email, password } });
    expect((await login(user.password)).statusCode).toBe(401);
    expect((await login("a brand new passphrase")).statusCode).toBe(200);
  });
});
