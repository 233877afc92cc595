// k6 as the benchmarks run it: one `k6 run` with -e variables and a summary export, read back.
// A failed threshold makes k6 exit 99; the figures are what a benchmark reports, so that exit is
// not an error here.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface K6Summary {
  metrics: {
    http_req_duration: Record<string, number>;
    http_reqs: { count: number; rate: number };
    http_req_failed?: { value: number };
    dropped_iterations?: { count: number };
    checks?: { passes: number; fails: number };
  };
}

export async function runK6(script: string, env: Readonly<Record<string, string>>): Promise<K6Summary> {
  const summary = path.join(os.tmpdir(), `k6-${randomBytes(4).toString("hex")}.json`);
  const args = ["run", "--quiet", "--summary-export", summary];
  for (const [key, value] of Object.entries(env)) args.push("-e", `${key}=${value}`);
  args.push(script);
  await run("k6", args, { maxBuffer: 64 * 1024 * 1024 }).catch((err: unknown) => {
    if (!(err instanceof Error && "code" in err && err.code === 99)) throw err;
  });
  try {
    return JSON.parse(readFileSync(summary, "utf8")) as K6Summary;
  } finally {
    rmSync(summary, { force: true });
  }
}

/** Latency and throughput figures of a constant-arrival-rate run, rounded to 0.01 ms. */
export interface RateFigures {
  rate: number;
  requests: number;
  achievedPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
  dropped: number;
}

export function rateFigures(rate: number, { metrics }: K6Summary): RateFigures {
  const round = (n: number | undefined) => Math.round((n ?? NaN) * 100) / 100;
  return {
    rate,
    requests: metrics.http_reqs.count,
    achievedPerSecond: Math.round(metrics.http_reqs.rate),
    p50Ms: round(metrics.http_req_duration["med"]),
    p95Ms: round(metrics.http_req_duration["p(95)"]),
    p99Ms: round(metrics.http_req_duration["p(99)"]),
    errorRate: round(metrics.http_req_failed?.value ?? 0),
    dropped: metrics.dropped_iterations?.count ?? 0,
  };
}
