// Browser security through the edge, in a real Chromium (apps.md §3): the refresh cookie is
// httpOnly (page JavaScript cannot read it), Secure and SameSite=Strict; a cross-site page can
// neither use the session nor plant one; a stolen access token stops working after logout within
// its TTL; every response carries the strict CSP.
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage } from "../support/browser.ts";
import { eventually } from "../support/kube.ts";
import { startWebStack } from "../support/web-stack.ts";
import type { WebStack } from "../support/web-stack.ts";

const ACCESS_TTL_SECONDS = 3;
/** The API accepts a token up to 5 s past its expiry (clock skew between replicas; tokens.ts). */
const CLOCK_TOLERANCE_SECONDS = 5;
let stack: WebStack;
let browser: Browser;
let evil: { server: Server; url: string };

beforeAll(async () => {
  stack = await startWebStack({ apiEnv: { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TTL_SECONDS) } });
  browser = await launchBrowser();
  // Another origin (another port is another origin) serving an attacker's page.
  const server = createServer((request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(`<!doctype html><html lang="en"><title>evil</title><body>
      <form id="f" method="post" action="${stack.url}/v1/auth/refresh"><input name="x" value="1"></form></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  evil = { server, url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
  return async () => {
    server.close();
    await browser.close();
    await stack.close();
  };
}, 240_000);

interface SignedUp {
  status: number;
  accessToken: string;
  documentCookie: string;
}

/** Signs up from a page of the app's origin as the client does: cookie mode, CSRF header. */
const signupScript = (email: string) => `(async () => {
  const response = await fetch("/v1/auth/signup", {
    method: "POST",
    headers: { "content-type": "application/json", "x-phoenix-client": "web", "x-phoenix-csrf": "1" },
    body: JSON.stringify({ email: "${email}", password: "un mot de passe solide" }),
  });
  const body = await response.json();
  return { status: response.status, accessToken: body.accessToken, documentCookie: document.cookie };
})()`;

describe("browser security through the edge", () => {
  it("keeps the refresh token in an httpOnly, Secure, SameSite=Strict cookie that page JavaScript cannot read", async () => {
    const watched = await openPage(browser);
    try {
      await watched.page.goto(`${stack.url}/`);
      const signedUp = await watched.page.evaluate<SignedUp>(signupScript(`cookie${Date.now()}@example.com`));
      expect(signedUp.status).toBe(201);
      expect(signedUp.accessToken).toMatch(/^ey/);
      expect(signedUp.documentCookie).not.toContain("phoenix_refresh");
      const cookie = (await watched.context.cookies()).find((c) => c.name === "phoenix_refresh");
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/v1/auth" });
      // The page can still refresh with it: the browser sends it, the script never sees it.
      const refreshed = await watched.page.evaluate(`fetch("/v1/auth/refresh", { method: "POST", body: "{}",
        headers: { "content-type": "application/json", "x-phoenix-client": "web", "x-phoenix-csrf": "1" } })
        .then((r) => r.status)`);
      expect(refreshed).toBe(200);
    } finally {
      await watched.close();
    }
  });

  it("refuses a cross-site POST (a form on another origin) and a cross-site fetch with credentials", async () => {
    const watched = await openPage(browser);
    try {
      await watched.page.goto(`${stack.url}/`);
      await watched.page.evaluate(signupScript(`csrf${Date.now()}@example.com`));
      await watched.page.goto(`${evil.url}/`);
      const fetched = await watched.page.evaluate(`fetch("${stack.url}/v1/auth/refresh", { method: "POST",
        credentials: "include", headers: { "x-phoenix-client": "web", "x-phoenix-csrf": "1" } })
        .then((r) => "status " + r.status, (e) => "blocked: " + e.message)`);
      expect(String(fetched)).toMatch(/^blocked/);
      const [response] = await Promise.all([
        watched.page.waitForResponse((r) => r.url() === `${stack.url}/v1/auth/refresh`),
        watched.page.evaluate(`document.getElementById("f").submit()`),
      ]);
      // Refused before any token is used: a form cannot send JSON (415), and were it JSON, the
      // cross-site Sec-Fetch-Site and the missing CSRF header are a 403 (API ADR 0049).
      expect([403, 415]).toContain(response.status());
      expect(await response.headerValue("set-cookie")).toBeNull();
    } finally {
      await watched.close();
    }
  });

  it("a stolen access token is useless after logout plus its TTL", async () => {
    const signup = await fetch(`${stack.url}/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `stolen${Date.now()}@example.com`, password: "un mot de passe solide" }),
    });
    const { accessToken } = (await signup.json()) as { accessToken: string };
    const me = () => fetch(`${stack.url}/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await me()).status).toBe(200);
    const loggedOutAt = Date.now();
    expect(
      (
        await fetch(`${stack.url}/v1/auth/logout`, {
          method: "POST",
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).status,
    ).toBe(204);
    await eventually(
      "the stolen token refused",
      async () => ((await me()).status === 401 ? true : undefined),
      20_000,
    );
    expect(Date.now() - loggedOutAt).toBeLessThanOrEqual(
      (ACCESS_TTL_SECONDS + CLOCK_TOLERANCE_SECONDS + 2) * 1000,
    );
  });

  it("serves the CSP and the app shell through the edge on one origin", async () => {
    for (const path of ["/", "/en/pricing", "/app/login"]) {
      const response = await fetch(`${stack.url}${path}`, { headers: { accept: "text/html" } });
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    }
  });
});
