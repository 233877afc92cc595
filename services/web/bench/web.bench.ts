// `make bench-web`: in one run, on the whole local platform behind the edge (test/support/web-stack.ts):
//  - the landing page at fixed arrival rates through the edge (nginx → web) vs the same bytes as a
//    static file from a bare fastify (p50/p95/p99 and the p95 ratio);
//  - the JavaScript each page makes the browser load, gzip-compressed (the landing page; the app
//    shell on /app/login; Today with its feature chunk);
//  - the largest contentful paint of the landing page and of Today in Chromium on loopback (median
//    of several loads).
// Targets (issue 11): landing p95 within 2× the static baseline, landing JS ≤ 50 KB gzip, app shell
// ≤ 200 KB gzip, LCP < 1 s for both pages. Results: bench/results/web.json.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "playwright-core";
import { launchBrowser } from "../../../test/support/browser.ts";
import { rateFigures, runK6 } from "../../../test/support/k6.ts";
import type { RateFigures } from "../../../test/support/k6.ts";
import { repoRoot } from "../../../test/support/local-env.ts";
import { freePort } from "../../../test/support/sms-path.ts";
import { startWebStack } from "../../../test/support/web-stack.ts";

const rates = (process.env["BENCH_RATES"] ?? "100,200,400").split(",").map(Number);
const duration = process.env["BENCH_DURATION"] ?? "10s";
const loads = Number(process.env["BENCH_LCP_LOADS"] ?? 5);
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/web.json");
const script = path.join(import.meta.dirname, "landing.k6.js");
const targets = { landingP95Ratio: 2, landingJsGzipKiB: 50, appShellJsGzipKiB: 200, lcpMs: 1000 };

async function bareStatic(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-web-static-"));
  writeFileSync(path.join(dir, "index.html"), html);
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [path.join(import.meta.dirname, "static-server.ts"), dir, String(port)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await once(child.stdout, "data");
  const exited = once(child, "exit");
  return {
    url: `http://127.0.0.1:${String(port)}/`,
    close: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The scripts a page load fetched, and their size gzip-compressed (level 6, as a server would). */
async function scriptsOf(page: Page, url: string, ready: (page: Page) => Promise<unknown>) {
  const bodies: Array<Promise<{ url: string; bytes: number; gzipBytes: number }>> = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    bodies.push(
      response.body().then((body) => ({
        url: new URL(response.url()).pathname,
        bytes: body.length,
        gzipBytes: gzipSync(body, { level: 6 }).length,
      })),
    );
  });
  await page.goto(url);
  await ready(page);
  const files = await Promise.all(bodies);
  return { files, gzipKiB: Math.round((files.reduce((n, f) => n + f.gzipBytes, 0) / 1024) * 10) / 10 };
}

// The largest contentful paint so far, from the buffered performance entries.
const LCP = `new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    resolve(entries[entries.length - 1].startTime);
  }).observe({ type: "largest-contentful-paint", buffered: true });
})`;

async function lcp(
  browser: Browser,
  url: string,
  prepare: (page: Page) => Promise<void>,
  ready: (page: Page) => Promise<unknown>,
) {
  const samples: number[] = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await prepare(page);
    await page.goto(url);
    await ready(page);
    samples.push(Math.round(await page.evaluate<number>(LCP)));
    await context.close();
  }
  samples.sort((a, b) => a - b);
  return { medianMs: samples[Math.floor(samples.length / 2)] ?? NaN, samplesMs: samples };
}

const stack = await startWebStack();
const browser = await launchBrowser();
const landingHtml = await (await fetch(`${stack.url}/`)).text();
const bare = await bareStatic(landingHtml);
try {
  // Warm both targets (JIT, connection pools, nginx's upstream keepalive) before measuring.
  for (const target of [bare.url, `${stack.url}/`])
    await runK6(script, { RATE: "100", DURATION: "3s", TARGET: target });
  const landing: RateFigures[] = [];
  const baseline: RateFigures[] = [];
  for (const rate of rates) {
    const env = { RATE: String(rate), DURATION: duration };
    baseline.push(rateFigures(rate, await runK6(script, { ...env, TARGET: bare.url })));
    landing.push(rateFigures(rate, await runK6(script, { ...env, TARGET: `${stack.url}/` })));
    const [b, l] = [baseline.at(-1), landing.at(-1)];
    process.stdout.write(
      `${String(rate)}/s landing p95 ${String(l?.p95Ms)} ms, static p95 ${String(b?.p95Ms)} ms\n`,
    );
  }

  // A signed-in browser: signs up through the edge as the client does (refresh cookie).
  const signUp = async (page: Page) => {
    await page.goto(`${stack.url}/`);
    const status = await page.evaluate<number>(`fetch("/v1/auth/signup", { method: "POST",
      headers: { "content-type": "application/json", "x-phoenix-client": "web", "x-phoenix-csrf": "1" },
      body: JSON.stringify({ email: "bench" + Date.now() + Math.random() + "@example.com", password: "un mot de passe solide" }) })
      .then((r) => r.status)`);
    if (status !== 201) throw new Error(`signup answered ${String(status)}`);
  };
  const headingVisible = (name: string) => (page: Page) =>
    page.getByRole("heading", { level: 1, name }).waitFor();
  const landingReady = headingVisible("Reprenez la main sur vos journées, un SMS à la fois");
  const todayReady = headingVisible("Aujourd’hui");

  const page = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  const landingJs = await scriptsOf(page, `${stack.url}/`, landingReady);
  const shellJs = await scriptsOf(page, `${stack.url}/app/login`, headingVisible("Se connecter"));
  await page.context().close();
  const todayContext = await browser.newContext({ locale: "fr-FR" });
  const todayPage = await todayContext.newPage();
  await signUp(todayPage);
  const todayJs = await scriptsOf(todayPage, `${stack.url}/app/today`, todayReady);
  await todayContext.close();

  const landingLcp = await lcp(browser, `${stack.url}/`, () => Promise.resolve(), landingReady);
  const todayLcp = await lcp(browser, `${stack.url}/app/today`, signUp, todayReady);

  const ratio = (i: number) =>
    Math.round(((landing[i]?.p95Ms ?? NaN) / (baseline[i]?.p95Ms ?? NaN)) * 100) / 100;
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    duration,
    targets,
    landingThroughEdge: landing,
    staticBaseline: baseline,
    landingP95Ratio: rates.map((rate, i) => ({ rate, ratio: ratio(i) })),
    javascriptGzipKiB: { landing: landingJs.gzipKiB, appShell: shellJs.gzipKiB, today: todayJs.gzipKiB },
    javascriptFiles: { landing: landingJs.files, appShell: shellJs.files, today: todayJs.files },
    largestContentfulPaintMs: { landing: landingLcp, today: todayLcp },
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `JS gzip: landing ${String(landingJs.gzipKiB)} KiB, app shell ${String(shellJs.gzipKiB)} KiB, Today ${String(todayJs.gzipKiB)} KiB\n` +
      `LCP median: landing ${String(landingLcp.medianMs)} ms, Today ${String(todayLcp.medianMs)} ms\nresults: ${resultsFile}\n`,
  );
} finally {
  await browser.close();
  await bare.close();
  await stack.close();
}
