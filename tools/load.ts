// `make load`: the k6 SLO suites (k6/*-slo.js, thresholds generated from the SLOs into
// k6/thresholds.json) against the local platform, started here as the benchmarks start it: the
// SMS path (sms-router, agent, workers on a fresh database, the Twilio emulator) and the API
// process, on the running Postgres and Redis + Sentinel (`make data-up`). Writes the figures per
// route and the verdict of every threshold to bench/results/load.json; exits 1 if one failed.
// Settings: LOAD_SMS_ENV / LOAD_API_ENV (extra `k6 -e` pairs, e.g. "BURST_RATE=300 BURSTS=2");
// LOAD_SUITES (comma-separated, default "sms-webhook,api": e.g. LOAD_SUITES=sms-webhook runs the
// SMS suite alone); LOAD_SMS_SERVICES_ENV (extra environment pairs for the router, agent and
// workers, e.g. "CONCURRENCY=4 OUTBOUND_CONCURRENCY=4"); LOAD_CONSUMER_NICE (default 10; 0 runs them
// at the router's priority).
//
// The SMS suite runs the agent and the workers under `nice -n 10` by default: in the cluster the
// router has a pod and CPU of its own, while here the consumers draining a burst's ~1,000 queued
// messages share the router's 2 cores and starved it (same-priority runs: router event-loop lag
// 100-300 ms, webhook p50 0.5-1.2 s). The consumers' own Postgres backends, Redis and k6 stay at
// priority 0. The summary's `platform.consumers` says how a run was made.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../test/support/local-env.ts";
import { startSmsPath } from "../test/support/sms-path.ts";

const run = promisify(execFile);
const resultsFile = process.env["LOAD_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/load.json");

interface K6Metric {
  readonly type: string;
  readonly values: Readonly<Record<string, number>>;
  readonly thresholds?: Readonly<Record<string, { readonly ok: boolean }>>;
}
interface K6Summary {
  readonly metrics: Readonly<Record<string, K6Metric>>;
}

interface SuiteResult {
  readonly suite: string;
  readonly settings: Readonly<Record<string, string>>;
  /** How the platform under test ran, where it differs from the services' defaults. */
  readonly platform?: Readonly<Record<string, string>>;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly errorRate: number;
  readonly checksFailed: number;
  /** Arrivals k6 could not start (no free VU): requests the latency figures do not include. */
  readonly droppedIterations: number;
  readonly routes: Record<string, Record<string, number>>;
  readonly thresholds: { metric: string; threshold: string; ok: boolean; value: number | undefined }[];
  readonly passed: boolean;
}

const round = (n: number | undefined) => (n === undefined ? undefined : Math.round(n * 1000) / 1000);

function extraEnv(variable: string): Record<string, string> {
  const pairs = (process.env[variable] ?? "").split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]),
  );
}

/** The value a threshold compares: p(99) for `p(99)<50`, rate for `rate<0.001`. */
const comparedValue = (metric: K6Metric, threshold: string) =>
  round(metric.values[threshold.slice(0, threshold.search(/[<>=]/))]);

function routeFigures(metrics: K6Summary["metrics"]): Record<string, Record<string, number>> {
  const routes: Record<string, Record<string, number>> = {};
  for (const [name, metric] of Object.entries(metrics)) {
    const match = /^(http_req_duration|http_req_failed)\{route:([^,]+),method:([A-Z]+)\}$/.exec(name);
    if (!match) continue;
    const [, kind, route, method] = match;
    const figures = (routes[`${String(method)} ${String(route)}`] ??= {});
    if (kind === "http_req_failed") figures["errorRate"] = round(metric.values["rate"]) ?? 0;
    else {
      for (const stat of ["med", "p(95)", "p(99)", "max"]) {
        figures[`${stat === "med" ? "p50" : stat.replace(/[()]/g, "")}Ms`] = round(metric.values[stat]) ?? 0;
      }
    }
  }
  return routes;
}

function counts(metrics: K6Summary["metrics"]) {
  return {
    requests: metrics["http_reqs"]?.values["count"] ?? 0,
    requestsPerSecond: round(metrics["http_reqs"]?.values["rate"]) ?? 0,
    errorRate: round(metrics["http_req_failed"]?.values["rate"]) ?? 0,
    checksFailed: metrics["checks"]?.values["fails"] ?? 0,
    droppedIterations: metrics["dropped_iterations"]?.values["count"] ?? 0,
  };
}

async function k6(suite: string, env: Record<string, string>): Promise<SuiteResult> {
  const summaryFile = path.join(os.tmpdir(), `k6-load-${suite}-${String(process.pid)}.json`);
  const settings = { ...env, ...extraEnv(suite === "sms-webhook" ? "LOAD_SMS_ENV" : "LOAD_API_ENV") };
  const args = ["run", "--quiet"];
  for (const [key, value] of Object.entries({ ...settings, SUMMARY: summaryFile }))
    args.push("-e", `${key}=${value}`);
  args.push(path.join(repoRoot, `k6/${suite}-slo.js`));
  process.stdout.write(`k6 ${suite}-slo.js …\n`);
  // Exit code 99: a threshold failed — recorded below, not a crash of the run.
  await run("k6", args, { maxBuffer: 64 * 1024 * 1024 }).catch((err: unknown) => {
    if (!(err instanceof Error && "code" in err && err.code === 99)) throw err;
  });
  const { metrics } = JSON.parse(readFileSync(summaryFile, "utf8")) as K6Summary;
  const thresholds = Object.entries(metrics).flatMap(([name, metric]) =>
    Object.entries(metric.thresholds ?? {}).map(([threshold, { ok }]) => ({
      metric: name,
      threshold,
      ok,
      value: comparedValue(metric, threshold),
    })),
  );
  const shown = Object.fromEntries(
    Object.entries(settings).filter(([key]) => !["AUTH_TOKEN", "USERS"].includes(key)),
  );
  return {
    suite,
    settings: shown,
    ...counts(metrics),
    routes: routeFigures(metrics),
    thresholds,
    passed: thresholds.every((t) => t.ok),
  };
}

async function smsSuite(): Promise<SuiteResult> {
  const services = extraEnv("LOAD_SMS_SERVICES_ENV");
  const nice = process.env["LOAD_CONSUMER_NICE"] ?? "10";
  const sms = await startSmsPath({
    env: { QUOTA_FREE_PER_DAY: "1000000", LOG_LEVEL: "error", ...services },
    ...(nice && nice !== "0" && { consumerNice: Number(nice) }),
  });
  try {
    const users = [];
    for (let i = 0; i < 20; i += 1) users.push(await sms.createUser());
    const result = await k6("sms-webhook", {
      BASE_URL: sms.router.url,
      PUBLIC_BASE_URL: sms.publicBaseUrl,
      AUTH_TOKEN: "test-auth-token",
      USERS: JSON.stringify(users.map((u) => ({ from: u.phone, to: u.number }))),
    });
    const platform: Record<string, string> = {
      ...services,
      consumers:
        nice && nice !== "0"
          ? `agent and workers under nice -n ${nice} (the cluster's shape: the router has its own CPU); router, Postgres, Redis, k6 at 0`
          : "agent and workers at the router's priority (nice 0)",
    };
    return { ...result, platform };
  } finally {
    await sms.close();
  }
}

async function apiSuite(): Promise<SuiteResult> {
  // Every request of the suite comes from 127.0.0.1: the per-IP login window (5 per 15 min) and
  // the API bucket of unauthenticated requests, keyed on the IP (100/min), would refuse most
  // sign-ups and logins. The limiter's Lua still runs on every request (as in bench-api).
  // Imported here, not at the top: the SMS suite alone (LOAD_SUITES=sms-webhook) does not load the API.
  const { startApiProcess } = await import("../test/support/api-process.ts");
  const api = await startApiProcess({
    RATE_LIMIT_LOGIN_ATTEMPTS: "1000000",
    RATE_LIMIT_API_PER_MINUTE: "1000000",
  });
  try {
    return await k6("api", { BASE_URL: api.url });
  } finally {
    await api.stop();
  }
}

const selected = (process.env["LOAD_SUITES"] ?? "sms-webhook,api").split(",").map((s) => s.trim());
const unknown = selected.filter((s) => !["sms-webhook", "api"].includes(s));
if (unknown.length > 0) throw new Error(`LOAD_SUITES: unknown suite(s) ${unknown.join(", ")}`);
const suites: SuiteResult[] = [];
if (selected.includes("sms-webhook")) suites.push(await smsSuite());
if (selected.includes("api")) suites.push(await apiSuite());
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    note: "everything on one machine: k6, the services, Postgres, Redis and Sentinels share the cores",
  },
  thresholdsFrom: "k6/thresholds.json (packages/observability/src/slos.ts)",
  passed: suites.every((s) => s.passed),
  suites,
};
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
for (const suite of suites) {
  process.stdout.write(
    `\n${suite.suite}: ${suite.passed ? "PASSED" : "FAILED"} (${String(suite.requests)} requests, ${String(suite.droppedIterations)} arrivals dropped)\n`,
  );
  for (const [key, value] of Object.entries(suite.platform ?? {}))
    process.stdout.write(`  platform: ${key}: ${value}\n`);
  for (const t of suite.thresholds) {
    process.stdout.write(
      `  ${t.ok ? "ok  " : "FAIL"} ${t.metric} ${t.threshold} (measured ${String(t.value)})\n`,
    );
  }
}
process.stdout.write(`results: ${path.relative(repoRoot, resultsFile)}\n`);
process.exitCode = result.passed ? 0 : 1;
