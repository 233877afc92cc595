// Debian's Chromium driven by playwright-core (nothing downloaded): one browser per test file, a
// fresh context per journey, and on every page what a person would not see but a test must —
// console errors, uncaught exceptions, Content-Security-Policy violations — plus axe's
// accessibility findings. Screenshots go under .local/screenshots/ (kept as CI artifacts).
import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium } from "playwright-core";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { repoRoot } from "./local-env.ts";

export const chromiumPath = "/usr/lib/chromium/chromium";
export const screenshotDir = path.join(repoRoot, ".local/screenshots");

// As root, without the sandbox; and no background traffic to hosts this machine cannot reach.
const args = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, headless: true, args });
}

/** What went wrong on a page that its own UI did not show. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  problems: PageProblems;
  close(): Promise<void>;
}

/** A fresh context (no cookies) and page whose problems are recorded as they happen. */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<WatchedPage> {
  const context = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", ...options });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => {
    problems.cspViolations.push(text);
  });
  // Runs before any page script (the CSP does not apply to it): reports every violation event.
  await context.addInitScript({
    content: `document.addEventListener("securitypolicyviolation", (e) =>
      window.__reportCspViolation(e.violatedDirective + " blocked " + e.blockedURI + " at " + e.sourceFile + ":" + e.lineNumber));`,
  });
  page.on("console", (message) => {
    if (message.type() === "error") problems.consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => problems.pageErrors.push(error.message));
  return { page, context, problems, close: () => context.close() };
}

/** axe's serious and critical findings on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousAccessibilityIssues(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) => `${v.id} (${v.impact ?? "?"}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
