// make bench-engine: the assistant engine over its whole phrasing tables (English and French,
// every src/*.test.ts table), each message interpreted 50 times after a warm-up of 5, inside the
// unit test run, one file at a time (so the rows, contexts and checks are exactly the tests',
// and no other test file shares the cores). Reports messages
// interpreted per second, p50/p99 per message by language, and the share of French replies that
// are one GSM-7 segment. Results: bench/results/engine.json. Target: p99 < 1 ms.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

interface Row {
  text: string;
  language: string;
  intent: string;
  encoding: string;
  segments: number;
  samples: number[];
}

const root = path.resolve(import.meta.dirname, "../../..");
const out = path.join(os.tmpdir(), `engine-bench-${process.pid}.jsonl`);
rmSync(out, { force: true });
execFileSync(
  "npx",
  ["vitest", "run", "--project", "unit", "packages/assistant", "--reporter=dot", "--no-file-parallelism"],
  {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ENGINE_BENCH_OUT: out },
  },
);
const rows: Row[] = readFileSync(out, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Row);
rmSync(out, { force: true });

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

function summary(selected: Row[]) {
  const samples = selected.flatMap((row) => row.samples).sort((a, b) => a - b);
  const total = samples.reduce((sum, ms) => sum + ms, 0);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    messages: selected.length,
    calls: samples.length,
    perSecond: Math.round(samples.length / (total / 1000)),
    p50Ms: round(quantile(samples, 0.5)),
    p99Ms: round(quantile(samples, 0.99)),
    maxMs: round(samples.at(-1) ?? Number.NaN),
  };
}

const french = rows.filter((row) => row.language === "fr");
const oneGsm = french.filter((row) => row.encoding === "GSM-7" && row.segments === 1);
const result = {
  at: new Date().toISOString(),
  machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, node ${process.version}`,
  all: summary(rows),
  byReplyLanguage: { en: summary(rows.filter((row) => row.language === "en")), fr: summary(french) },
  frenchReplies: {
    total: french.length,
    oneGsm7Segment: oneGsm.length,
    share: Math.round((oneGsm.length / Math.max(1, french.length)) * 1000) / 1000,
    ucs2: french.filter((row) => row.encoding === "UCS-2").length,
    twoSegments: french.filter((row) => row.segments > 1).length,
  },
  target: { p99Ms: 1, met: summary(rows).p99Ms < 1 },
};
mkdirSync(path.join(root, "bench/results"), { recursive: true });
writeFileSync(path.join(root, "bench/results/engine.json"), `${JSON.stringify(result, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
