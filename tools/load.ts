// `make load`: the k6 SLO suites (k6/*-slo.js, thresholds generated from the SLOs into
// k6/thresholds.json) against the local platform, started here as the benchmarks start it: the
// SMS path (sms-router, agent, workers on a fresh database, the Twilio emulator) and the API
// process, on the running Postgres and Redis + Sentinel (`make data-up`). Writes the figures per
// route and the verdict of every threshold to bench/results/load.json; exits 1 if one failed.
// Settings: LOAD_SMS_ENV / LOAD_API_ENV (extra `k6 -e` pairs, e.g. "BURST_RATE=300 BURSTS=2");
// LOAD_SUITES (comma-separated, default "sms-webhook,api": e.g. LOAD_SUITES=sms-webhook runs the
// SMS suite alone); LOAD_SMS_SERVICES_ENV (extra environment pairs for the router, agent and
// workers, e.g. "CONCURRENCY=4 OUTBOUND_CONCURRENCY=4"); LOAD_SMS_USERS (people texting, default
// 100, at most 100); LOAD_CONSUMER_ISOLATION (cgroup, nice or none; below) with LOAD_CONSUMER_CPUS
// (cgroup, default 1) and LOAD_CONSUMER_NICE (nice, default 10); LOAD_DRAIN_TIMEOUT_S (300).
//
// One machine stands for the cluster, so the SMS suite keeps the consumers' side from taking the
// router's CPU (docs/decisions/0083): in the cluster the router's pod has its own CPU, the agent's
// and workers' pods their limits, Postgres and Twilio machines of their own. By default the agent,
// the workers, the Postgres backends serving them and the Twilio emulator run in a CPU cgroup
// (tools/cpu-cgroup.ts: at most LOAD_CONSUMER_CPUS CPU, low weight), needing root; without it they
// fall back to `nice` (which leaves their Postgres work at the router's priority: webhook p99
// 90-170 ms here), and `none` shows the starved router (p99 3-4.5 s). After k6, the suite waits
// until every accepted SMS has its reply at Twilio and reports the drain and the reply lag.
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { slos } from "@phoenix/observability/slos";
import { localEnv, repoRoot } from "../test/support/local-env.ts";
import { startSmsPath } from "../test/support/sms-path.ts";
import type { SmsPath } from "../test/support/sms-path.ts";
import { openCpuCgroup } from "./cpu-cgroup.ts";
import type { CpuCgroup } from "./cpu-cgroup.ts";

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

async function k6(suite: string, env: Record<string, string>, started?: () => void): Promise<SuiteResult> {
  const summaryFile = path.join(os.tmpdir(), `k6-load-${suite}-${String(process.pid)}.json`);
  const settings = { ...env, ...extraEnv(suite === "sms-webhook" ? "LOAD_SMS_ENV" : "LOAD_API_ENV") };
  const args = ["run", "--quiet"];
  for (const [key, value] of Object.entries({ ...settings, SUMMARY: summaryFile }))
    args.push("-e", `${key}=${value}`);
  args.push(path.join(repoRoot, `k6/${suite}-slo.js`));
  process.stdout.write(`k6 ${suite}-slo.js …\n`);
  // Exit code 99: a threshold failed — recorded below, not a crash of the run.
  const running = run("k6", args, { maxBuffer: 64 * 1024 * 1024 });
  started?.();
  await running.catch((err: unknown) => {
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

// Users texting (each has a number of their own): a burst comes from many people, not a few
// texting ten times a second. The emulator sells at most 100 numbers in the 415 area code.
const smsUsers = Number(process.env["LOAD_SMS_USERS"] ?? "100");
if (!Number.isInteger(smsUsers) || smsUsers < 1 || smsUsers > 100)
  throw new Error(`LOAD_SMS_USERS: 1 to 100 (the emulator's numbers in 415), not ${String(smsUsers)}`);

/** How the consumers' side was kept from starving the router's, and how to undo it. */
interface Isolation {
  readonly description: string;
  readonly nice?: number;
  /** Called once the SMS path runs: starts moving its consumers (and their Postgres backends) in. */
  start(sms: SmsPath): void;
  /** Called right after k6 started (k6 itself stays out): moves this process (the emulator) in. */
  afterK6Started(): void;
  stop(): Promise<void>;
}

const noIsolation = (description: string, nice?: number): Isolation => ({
  description,
  ...(nice !== undefined && { nice }),
  start: () => undefined,
  afterK6Started: () => undefined,
  stop: () => Promise.resolve(),
});

/**
 * The consumers' side in a CPU cgroup: the agent and workers, the Postgres backends serving them
 * (application_name agent/workers, polled every 250 ms as their pools open connections) and this
 * process once k6 runs (the Twilio emulator: Twilio's own CPU is not ours).
 */
function cgroupIsolation(group: CpuCgroup): Isolation {
  const admin = new pg.Client({ connectionString: localEnv.databaseUrl });
  const moved = new Set<number>();
  let stopped = false;
  let failure: string | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  let database = "";
  const sweep = async () => {
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name IN ('agent', 'workers')",
      [database],
    );
    for (const { pid } of rows) if (!moved.has(pid) && group.add(pid)) moved.add(pid);
  };
  const loop = async () => {
    await admin.connect();
    while (!stopped) {
      await sweep();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  return {
    get description() {
      return `agent, workers, their Postgres backends and the Twilio emulator in the CPU cgroup ${group.path}: ${group.description} — the cluster's shape (the router's pod has its own CPU, the consumers' pods their limits, Postgres and Twilio their own machines); router, its Postgres backends, Redis, k6 outside${failure ? ` — BUT the backends' sweep failed (${failure}): later backends stayed outside` : ""}`;
    },
    start(sms) {
      database = new URL(sms.databaseUrl).pathname.slice(1);
      for (const service of [sms.agent, sms.workers]) {
        const pid = service.pid();
        if (pid !== undefined) group.add(pid);
      }
      sweeping = loop().catch((err: unknown) => {
        failure = err instanceof Error ? err.message : String(err);
      });
    },
    afterK6Started: () => void group.add(process.pid),
    async stop() {
      stopped = true;
      await sweeping;
      group.release(process.pid);
      await admin.end().catch(() => undefined);
      group.remove();
    },
  };
}

function consumerIsolation(): Isolation {
  const mode = process.env["LOAD_CONSUMER_ISOLATION"] ?? "cgroup";
  const nice = Number(process.env["LOAD_CONSUMER_NICE"] ?? "10");
  const niced = (why: string) =>
    noIsolation(
      `agent and workers under nice -n ${String(nice)}${why}; router, Postgres, Redis, k6 at 0`,
      nice,
    );
  if (mode === "none") return noIsolation("agent and workers at the router's priority, no CPU limit");
  if (mode === "nice") return niced("");
  if (mode !== "cgroup") throw new Error(`LOAD_CONSUMER_ISOLATION: cgroup, nice or none, not ${mode}`);
  const group = openCpuCgroup("phoenix-load-consumers", {
    cpus: Number(process.env["LOAD_CONSUMER_CPUS"] ?? "1"),
    shares: 64,
  });
  return "unavailable" in group ? niced(` (no CPU cgroup: ${group.unavailable})`) : cgroupIsolation(group);
}

interface Replies {
  /** Inbound messages the router accepted (stored). */
  readonly accepted: number;
  /** Accepted messages whose reply reached Twilio (has a Twilio SID) before the drain timeout. */
  readonly repliesSent: number;
  readonly repliesFailed: number;
  /** From the last k6 request until every accepted message's reply reached Twilio (or the timeout). */
  readonly drainSeconds: number;
  /** Reply drafted (the agent's row) after the inbound row, ms: how far the consumers lagged. */
  readonly draftLagMs: Readonly<Record<"p50" | "p99" | "max", number>>;
  /** The "reply sent" SLO's SLI over the run, from the workers' sms_reply_latency_seconds. */
  readonly replyLatencySlo: {
    readonly good: string;
    readonly objective: number;
    readonly replies: number;
    readonly withinShare: number;
  };
}

const replySlo = slos.find((slo) => slo.name === "sms-reply-latency");

/** Replies observed and the share within the SLO's bound, read from the workers' /metrics. */
async function replyLatencySli(workersUrl: string): Promise<Replies["replyLatencySlo"]> {
  if (replySlo?.sli.kind !== "latency") throw new Error("slos.ts has no sms-reply-latency latency SLO");
  const text = await (await fetch(`${workersUrl}/metrics`)).text();
  const value = (prefix: string) =>
    Number(
      text
        .split("\n")
        .find((line) => line.startsWith(prefix))
        ?.split(" ")
        .pop() ?? "0",
    );
  const bound = String(Number(replySlo.sli.le)); // prom-client writes le="10" for Prometheus' "10.0"
  const replies = value("sms_reply_latency_seconds_count");
  const within = value(`sms_reply_latency_seconds_bucket{le="${bound}"`);
  return {
    good: replySlo.good,
    objective: replySlo.objective,
    replies,
    withinShare: replies === 0 ? 0 : Math.round((within / replies) * 10_000) / 10_000,
  };
}

/** Waits until every accepted inbound SMS has a reply at Twilio (polling), then reads the lags. */
async function awaitReplies(sms: SmsPath, timeoutMs: number): Promise<Omit<Replies, "replyLatencySlo">> {
  const started = Date.now();
  // Polled through the two partial indexes (inbound not yet handled, outbound not yet at Twilio):
  // a join over every message each second would take CPU from the consumers being measured.
  const inFlight = async () => {
    const [row] = await sms.asSystem<{ n: number }>(
      `SELECT (SELECT count(*) FROM messages WHERE direction = 'inbound' AND status = 'received')::int
            + (SELECT count(*) FROM messages WHERE direction = 'outbound' AND status IN ('pending', 'dispatching'))::int AS n`,
    );
    return row?.n ?? 0;
  };
  while ((await inFlight()) > 0 && Date.now() - started < timeoutMs)
    await new Promise((resolve) => setTimeout(resolve, 1000));
  const [state = { accepted: 0, sent: 0, failed: 0 }] = await sms.asSystem<{
    accepted: number;
    sent: number;
    failed: number;
  }>(
    `SELECT count(*)::int AS accepted,
            count(r.twilio_sid)::int AS sent,
            count(*) FILTER (WHERE r.status IN ('failed', 'undelivered'))::int AS failed
       FROM messages i LEFT JOIN messages r ON r.in_reply_to = i.id AND r.direction = 'outbound'
      WHERE i.direction = 'inbound'`,
  );
  const drainSeconds = Math.round((Date.now() - started) / 100) / 10;
  const [lag] = await sms.asSystem<{ p50: number; p99: number; max: number }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50,
            percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
       FROM (SELECT extract(epoch FROM r.created_at - i.created_at) * 1000 AS ms
               FROM messages i JOIN messages r ON r.in_reply_to = i.id AND r.direction = 'outbound'
              WHERE i.direction = 'inbound') lags`,
  );
  return {
    accepted: state.accepted,
    repliesSent: state.sent,
    repliesFailed: state.failed,
    drainSeconds,
    draftLagMs: {
      p50: Math.round(lag?.p50 ?? 0),
      p99: Math.round(lag?.p99 ?? 0),
      max: Math.round(lag?.max ?? 0),
    },
  };
}

async function smsSuite(): Promise<SuiteResult & { replies: Replies }> {
  const services = extraEnv("LOAD_SMS_SERVICES_ENV");
  const isolation = consumerIsolation();
  const sms = await startSmsPath({
    env: { QUOTA_FREE_PER_DAY: "1000000", LOG_LEVEL: "error", ...services },
    ...(isolation.nice !== undefined && isolation.nice !== 0 && { consumerNice: isolation.nice }),
  });
  try {
    isolation.start(sms);
    const users = [];
    for (let i = 0; i < smsUsers; i += 1) users.push(await sms.createUser());
    const result = await k6(
      "sms-webhook",
      {
        BASE_URL: sms.router.url,
        PUBLIC_BASE_URL: sms.publicBaseUrl,
        AUTH_TOKEN: "test-auth-token",
        USERS: JSON.stringify(users.map((u) => ({ from: u.phone, to: u.number }))),
      },
      () => {
        isolation.afterK6Started();
      },
    );
    const replies = {
      ...(await awaitReplies(sms, Number(process.env["LOAD_DRAIN_TIMEOUT_S"] ?? "300") * 1000)),
      replyLatencySlo: await replyLatencySli(sms.workers.url),
    };
    const platform = { ...services, users: String(smsUsers), consumers: isolation.description };
    return { ...result, platform, replies };
  } finally {
    await isolation.stop();
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

// How busy the machine was before the run (1, 5, 15 min): other work on the 2 cores skews every figure.
const loadAverageAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
const selected = (process.env["LOAD_SUITES"] ?? "sms-webhook,api").split(",").map((s) => s.trim());
const unknown = selected.filter((s) => !["sms-webhook", "api"].includes(s));
if (unknown.length > 0) throw new Error(`LOAD_SUITES: unknown suite(s) ${unknown.join(", ")}`);
const suites: (SuiteResult & { replies?: Replies })[] = [];
if (selected.includes("sms-webhook")) suites.push(await smsSuite());
if (selected.includes("api")) suites.push(await apiSuite());
const result = {
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
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
  if (suite.replies) {
    const r = suite.replies;
    process.stdout.write(
      `  replies: ${String(r.repliesSent)} of ${String(r.accepted)} accepted SMS answered at Twilio (${String(r.repliesFailed)} failed), drained ${String(r.drainSeconds)} s after the last request; reply drafted after p50 ${String(r.draftLagMs.p50)} ms, p99 ${String(r.draftLagMs.p99)} ms, max ${String(r.draftLagMs.max)} ms; SLO "${r.replyLatencySlo.good}": ${String(Math.round(r.replyLatencySlo.withinShare * 1000) / 10)} % of ${String(r.replyLatencySlo.replies)} replies (objective ${String(r.replyLatencySlo.objective * 100)} % over 30 days; bursts beyond the consumers' capacity spend it)\n`,
    );
  }
  for (const t of suite.thresholds) {
    process.stdout.write(
      `  ${t.ok ? "ok  " : "FAIL"} ${t.metric} ${t.threshold} (measured ${String(t.value)})\n`,
    );
  }
}
process.stdout.write(
  `load average (1/5/15 min) at start ${loadAverageAtStart.join(" ")}, at end ${result.machine.loadAverageAtEnd.join(" ")}\n`,
);
process.stdout.write(`results: ${path.relative(repoRoot, resultsFile)}\n`);
process.exitCode = result.passed ? 0 : 1;
