// `make bench-api`: authenticated GET /v1/me and a rate-limited write (POST /v1/me/consents) at
// fixed arrival rates with k6, against the API server process and, in the same run, a bare fastify
// app answering the same routes with constants (the baseline). Reports p50/p95/p99 per rate and
// the highest rate that holds p95 < 20 ms with < 1 % errors and < 1 % dropped iterations.
// Needs `make data-up` (Postgres, Redis + Sentinel). Results: bench/results/api.json.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { startApiProcess } from "../../../test/support/api-process.ts";
import { rateFigures, runK6 } from "../../../test/support/k6.ts";
import type { RateFigures } from "../../../test/support/k6.ts";
import { repoRoot } from "../../../test/support/local-env.ts";
import { freePort } from "../../../test/support/sms-path.ts";

const readRates = (process.env["BENCH_READ_RATES"] ?? "250,500,750,1000").split(",").map(Number);
const writeRates = (process.env["BENCH_WRITE_RATES"] ?? "250,500,1000").split(",").map(Number);
const duration = process.env["BENCH_DURATION"] ?? "10s";
const userCount = Number(process.env["BENCH_USERS"] ?? 100);
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(repoRoot, "bench/results/api.json");
const TARGET_P95_MS = 20;

async function k6(target: string, mode: string, rate: number, tokens: string[]): Promise<RateFigures> {
  const env = {
    TARGET: target,
    MODE: mode,
    RATE: String(rate),
    DURATION: duration,
    TOKENS: JSON.stringify(tokens),
  };
  return rateFigures(rate, await runK6(path.join(import.meta.dirname, "api.k6.js"), env));
}

async function bareFastify(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  const profile = { id: "00000000-0000-0000-0000-000000000000", plan: "free", roles: ["user"] };
  app.get("/v1/me", (request, reply) =>
    request.headers.authorization ? reply.send(profile) : reply.code(401).send({ error: "unauthenticated" }),
  );
  app.post("/v1/me/consents", (_request, reply) => reply.code(201).send({ id: "c", type: "bench" }));
  const port = await freePort();
  await app.listen({ host: "127.0.0.1", port });
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

async function tokensFor(url: string, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${url}/v1/auth/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `bench${i}.${Date.now()}@example.com`, password: "benchmark password" }),
    });
    if (response.status !== 201) throw new Error(`signup ${response.status}: ${await response.text()}`);
    tokens.push(((await response.json()) as { accessToken: string }).accessToken);
  }
  return tokens;
}

const sustainable = (runs: RateFigures[]): number =>
  Math.max(
    0,
    ...runs
      .filter((r) => r.p95Ms < TARGET_P95_MS && r.errorRate < 0.01 && r.dropped < r.requests * 0.01)
      .map((r) => r.rate),
  );

async function series(
  mode: "read" | "write",
  rates: number[],
  targets: { api: string; bare: string },
  tokens: string[],
) {
  const api: RateFigures[] = [];
  const bare: RateFigures[] = [];
  for (const rate of rates) {
    const b = await k6(targets.bare, mode, rate, tokens);
    bare.push(b);
    const a = await k6(targets.api, mode, rate, tokens);
    api.push(a);
    process.stdout.write(
      `${mode} ${rate}/s  api p50 ${a.p50Ms} p95 ${a.p95Ms} p99 ${a.p99Ms} ms (errors ${a.errorRate}, dropped ${a.dropped})` +
        `  bare p50 ${b.p50Ms} p95 ${b.p95Ms} p99 ${b.p99Ms} ms\n`,
    );
  }
  return { api, bare, sustainableApi: sustainable(api), sustainableBare: sustainable(bare) };
}

// Every request still runs the limiter's Lua; the per-user limit is raised so the benchmark
// measures served requests, not 429s.
const api = await startApiProcess({
  RATE_LIMIT_API_PER_MINUTE: "10000000",
  RATE_LIMIT_GLOBAL_PER_SECOND: "100000",
});
const bare = await bareFastify();
try {
  const tokens = await tokensFor(api.url, userCount);
  const targets = { api: api.url, bare: bare.url };
  const read = await series("read", readRates, targets, tokens);
  const write = await series("write", writeRates, targets, tokens);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    },
    duration,
    users: userCount,
    targetP95Ms: TARGET_P95_MS,
    readMe: read,
    rateLimitedWrite: write,
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`results: ${resultsFile}\n`);
} finally {
  await bare.close();
  await api.stop();
}
