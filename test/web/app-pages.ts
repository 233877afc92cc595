// What the signed-in app's browser tests share: a journey's page at 375 px with its problems
// watched, the checks every page gets, and reading a field's message the way a screen reader does.
import type { Browser, Locator, Page } from "playwright-core";
import { beforeAll, expect } from "vitest";
import { launchBrowser, openPage, screenshot, seriousAccessibilityIssues } from "../support/browser.ts";
import type { WatchedPage } from "../support/browser.ts";
import { startWebStack } from "../support/web-stack.ts";
import type { WebStack, WebStackOptions } from "../support/web-stack.ts";

export type Language = "fr" | "en";

export const phone = { width: 375, height: 800 };

export function openAppPage(browser: Browser, language: Language): Promise<WatchedPage> {
  return openPage(browser, {
    viewport: phone,
    locale: language === "fr" ? "fr-FR" : "en-GB",
    acceptDownloads: true,
  });
}

/**
 * A 4xx answer the page expected and handled (an anonymous visit's refresh, no number yet, a
 * refused form) is logged by Chromium as a failed resource; it is not a script error.
 */
const handledAnswer = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** The checks every page of the app gets: no script error, no CSP violation, axe clean, no sideways scroll. */
export async function expectCleanPage(watched: WatchedPage, name: string): Promise<void> {
  const { page, problems } = watched;
  expect(await seriousAccessibilityIssues(page), `${name}: axe`).toEqual([]);
  const overflow = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth");
  expect(overflow, `${name}: wider than 375 px`).toBeLessThanOrEqual(0);
  expect(
    {
      consoleErrors: problems.consoleErrors.filter((text) => !handledAnswer.test(text)),
      pageErrors: problems.pageErrors,
      cspViolations: problems.cspViolations,
    },
    name,
  ).toEqual({ consoleErrors: [], pageErrors: [], cspViolations: [] });
  await screenshot(page, `app-${name}`);
}

/** The text of what the field points at with aria-describedby (its hint and its error). */
export async function describedBy(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute("aria-describedby")) ?? "").split(" ").filter(Boolean);
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(" ");
}

/** Waits until the field's own message says `text` (and the field is marked invalid). */
export async function expectFieldMessage(field: Locator, text: string): Promise<void> {
  await expect.poll(() => describedBy(field), { timeout: 10_000 }).toContain(text);
  expect(await field.getAttribute("aria-invalid")).toBe("true");
}

export async function heading(page: Page, name: string): Promise<void> {
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/** Presses Tab until `name` has the focus (at most 40 times): the keyboard-only way to reach it. */
export async function tabTo(page: Page, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    // The focused element's label, aria-label or text: what a screen reader would announce.
    const focused = await page.evaluate<string>(`(() => {
      const element = document.activeElement;
      if (!element) return "";
      const label = element.id ? document.querySelector('label[for="' + element.id + '"]')?.textContent : null;
      return label ?? element.getAttribute("aria-label") ?? element.textContent ?? "";
    })()`);
    if (focused.trim() === name) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/**
 * The platform behind the edge and one Chromium, shared by a test file's tests: started in the
 * file's beforeAll, closed after it. Read `stack` and `browser` inside the tests.
 */
export function useBrowserStack(options: WebStackOptions = {}): {
  readonly stack: WebStack;
  readonly browser: Browser;
} {
  let started: { stack: WebStack; browser: Browser } | undefined;
  beforeAll(async () => {
    const stack = await startWebStack(options);
    const browser = await launchBrowser().catch(async (err: unknown) => {
      await stack.close();
      throw err;
    });
    started = { stack, browser };
    return async () => {
      await browser.close();
      await stack.close();
    };
  }, 180_000);
  const get = () => {
    if (!started) throw new Error("the browser stack is started by the file's beforeAll");
    return started;
  };
  return {
    get stack() {
      return get().stack;
    },
    get browser() {
      return get().browser;
    },
  };
}
