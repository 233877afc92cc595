import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "./app.ts";
import { createTranslators, languages } from "./i18n.ts";
import { pageIds, pathOf } from "./pages/routes.ts";
import type { Plan } from "./plans.ts";

const BASE = "https://app.phoenix.example";
const plans: Plan[] = [
  {
    id: "free",
    name: "Free",
    amount: 0,
    currency: "eur",
    interval: null,
    entitlements: { sms: { limit: 20, period: "day" } },
  },
  {
    id: "premium",
    name: "Premium",
    amount: 990,
    currency: "eur",
    interval: "month",
    entitlements: { sms: { limit: null, period: "day" }, letters: { limit: null, period: "month" } },
  },
];

let app: FastifyInstance;
let clientDir: string;
let planAnswer: Plan[] | null = plans;

beforeAll(async () => {
  clientDir = mkdtempSync(path.join(tmpdir(), "web-client-"));
  mkdirSync(path.join(clientDir, "assets"));
  writeFileSync(path.join(clientDir, "index.html"), '<!doctype html><div id="root"></div>');
  writeFileSync(path.join(clientDir, "assets", "main-abc123.js"), "console.log(1)");
  const logger = createLogger({ name: "web-test", level: "silent" });
  app = createHttpServer({ logger, metrics: createMetrics({ service: "web-test" }) });
  await app.register(
    webRoutes({
      translators: await createTranslators(),
      plans: { get: () => Promise.resolve(planAnswer) },
      publicBaseUrl: BASE,
      clientDir,
    }),
  );
  await app.ready();
});
afterAll(async () => {
  await app.close();
  rmSync(clientDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers: { accept: "text/html", ...headers } });

describe("public pages", () => {
  it.each(pageIds.flatMap((page) => languages.map((language) => [page, language] as const)))(
    "%s in %s: HTML with its lang, hreflang alternates, a strict CSP and no script",
    async (page, language) => {
      const response = await get(pathOf(page, language));
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^text\/html/);
      const body = response.body;
      expect(body).toContain(`<html lang="${language}">`);
      for (const l of languages) expect(body).toContain(`hreflang="${l}" href="${BASE}${pathOf(page, l)}"`);
      expect(body).toContain(`hreflang="x-default" href="${BASE}${pathOf(page, "fr")}"`);
      expect(body).not.toMatch(/<script|style="/);
      const csp = String(response.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers["x-frame-options"]).toBe("DENY");
    },
  );

  it("reads without JavaScript: the landing page's content is in the HTML, in each language", async () => {
    expect((await get("/")).body).toContain("Reprenez la main sur vos journées");
    expect((await get("/en")).body).toContain("Take your days back");
  });

  it("prices plans from the API in the reader's locale", async () => {
    const fr = (await get("/tarifs")).body;
    expect(fr).toContain("9,90\u00a0€ par mois");
    expect(fr).toContain("20 par jour");
    expect(fr).toContain("illimité");
    expect(fr).toContain('<h2 id="plan-free">Gratuit</h2>');
    const en = (await get("/en/pricing")).body;
    expect(en).toContain("€9.90 per month");
    expect(en).toContain("not included");
  });

  it("says prices are unavailable when the API is down, and still answers 200", async () => {
    planAnswer = null;
    try {
      const response = await get("/tarifs");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("Les tarifs ne peuvent pas être affichés");
    } finally {
      planAnswer = plans;
    }
  });

  it("answers an unknown page with a 404 page in the path's language", async () => {
    const fr = await get("/nulle-part");
    expect(fr.statusCode).toBe(404);
    expect(fr.body).toContain("Page introuvable");
    expect((await get("/en/nowhere")).body).toContain("Page not found");
    expect(
      (await app.inject({ method: "GET", url: "/nowhere", headers: { accept: "application/json" } })).json(),
    ).toMatchObject({
      error: "not_found",
    });
  });
});

describe("consent banner", () => {
  const post = (form: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: "POST",
      url: "/consent",
      payload: form,
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    });

  it("shows until a choice is stored, then stores it in a first-party cookie and returns to the page", async () => {
    expect((await get("/")).body).toContain('action="/consent"');
    const response = await post("page=pricing&lang=fr&choice=save&personalization=on", {
      "sec-fetch-site": "same-origin",
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/tarifs");
    const cookie = String(response.headers["set-cookie"]);
    expect(cookie).toMatch(/^phoenix_consent=v1%3Aanalytics%3D0%2Cpersonalization%3D1;/);
    expect(cookie).toContain("Secure");
    const after = await get("/", { cookie: "phoenix_consent=v1:analytics=0,personalization=1" });
    expect(after.body).not.toContain('action="/consent"');
  });

  it("refuses a cross-site post in the reader's language and stores nothing", async () => {
    const response = await post("page=landing&lang=fr&choice=accept", { "sec-fetch-site": "cross-site" });
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("ne vient pas de Phoenix");
    expect(response.headers["set-cookie"]).toBeUndefined();
    const byOrigin = await post("page=landing&lang=en&choice=accept", { origin: "https://evil.example" });
    expect(byOrigin.statusCode).toBe(403);
    expect(byOrigin.body).toContain("did not come from Phoenix");
  });

  it("answers a malformed form with a 400 page, not a 5xx", async () => {
    for (const form of [
      "page=nowhere&lang=fr&choice=accept",
      "page=landing&lang=fr&choice=maybe",
      "lang=en",
    ]) {
      const response = await post(form);
      expect(response.statusCode).toBe(400);
    }
  });
});

describe("the client", () => {
  it("serves index.html for every /app path, uncached, and assets immutable", async () => {
    for (const url of ["/app", "/app/", "/app/today", "/app/billing/invoices"]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain('<div id="root">');
      expect(response.headers["cache-control"]).toBe("no-cache");
    }
    const asset = await get("/app/assets/main-abc123.js");
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");
  });
});
