// The public website in a real Chromium: every page in French and English reads without
// JavaScript, has no console error, no CSP violation and no serious accessibility issue, works at
// 375 px, and the consent banner can be answered with the keyboard alone; its choice is kept.
import type { Browser } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { languages } from "../../services/web/src/i18n.ts";
import { pageIds, pathOf } from "../../services/web/src/pages/routes.ts";
import { launchBrowser, openPage, screenshot, seriousAccessibilityIssues } from "../support/browser.ts";
import type { ServiceProcess } from "../support/sms-path.ts";
import { startWebProcess } from "../support/web-stack.ts";

let web: ServiceProcess;
let browser: Browser;

beforeAll(async () => {
  web = await startWebProcess();
  browser = await launchBrowser();
  return async () => {
    await browser.close();
    await web.kill("SIGTERM");
  };
});

const everyPage = pageIds.flatMap((page) => languages.map((language) => ({ page, language })));

describe("public pages in Chromium", () => {
  it.each(everyPage)(
    "$page ($language): clean console, no CSP violation, axe clean at 375 px",
    async ({ page, language }) => {
      const watched = await openPage(browser, { viewport: { width: 375, height: 800 } });
      try {
        const response = await watched.page.goto(`${web.url}${pathOf(page, language)}`);
        expect(response?.status()).toBe(200);
        expect(await watched.page.getAttribute("html", "lang")).toBe(language);
        // Nothing wider than the screen: no horizontal scrolling on a phone.
        const overflow = await watched.page.evaluate(
          "document.documentElement.scrollWidth - window.innerWidth",
        );
        expect(overflow).toBeLessThanOrEqual(0);
        expect(await seriousAccessibilityIssues(watched.page)).toEqual([]);
        expect(watched.problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
        if (page === "landing") await screenshot(watched.page, `public-landing-${language}-375`);
      } finally {
        await watched.close();
      }
    },
  );

  it("reads without JavaScript, and the language switch leads to the same page in English", async () => {
    const watched = await openPage(browser, { javaScriptEnabled: false });
    try {
      await watched.page.goto(`${web.url}/comment-ca-marche`);
      await expect
        .poll(() => watched.page.getByRole("heading", { level: 1 }).textContent())
        .toBe("Comment ça marche");
      await watched.page.getByRole("link", { name: "English" }).click();
      expect(new URL(watched.page.url()).pathname).toBe("/en/how-it-works");
      expect(await watched.page.getByRole("heading", { level: 1 }).textContent()).toBe("How it works");
    } finally {
      await watched.close();
    }
  });

  it("answers the consent banner with the keyboard alone; the choice is kept and can be changed", async () => {
    const watched = await openPage(browser);
    const { page } = watched;
    try {
      await page.goto(`${web.url}/`);
      const banner = page.getByRole("region", { name: "Vos choix de cookies" });
      await expect.poll(() => banner.isVisible()).toBe(true);
      // Tab from the top of the page to "Tout refuser" and press Enter: no mouse.
      let focused = "";
      for (let i = 0; i < 30 && focused !== "Tout refuser"; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate("document.activeElement?.textContent ?? ''");
      }
      expect(focused).toBe("Tout refuser");
      await page.keyboard.press("Enter");
      await expect.poll(() => banner.count()).toBe(0);
      const cookie = (await watched.context.cookies()).find((c) => c.name === "phoenix_consent");
      expect(decodeURIComponent(cookie?.value ?? "")).toBe("v1:analytics=0,personalization=0");

      // The footer's "Gérer les cookies" shows the stored choice and saves a new one.
      await page.getByRole("link", { name: "Gérer les cookies" }).click();
      await page.getByLabel("Conseils personnalisés").check();
      await page.getByRole("button", { name: "Enregistrer mes choix" }).click();
      await expect.poll(() => page.getByRole("status").textContent()).toContain("Vos choix sont enregistrés");
      expect(await page.getByLabel("Conseils personnalisés").isChecked()).toBe(true);
      expect(await page.getByLabel("Mesure d’audience").isChecked()).toBe(false);
      expect(watched.problems).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
    } finally {
      await watched.close();
    }
  });
});
