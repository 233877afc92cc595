// `make bench-career`: the pure modules' speed on one machine.
//   1. Parse a two-page CV PDF (text extraction with pdf.js + parseCv): p50/p95.
//   2. Mirror Match of that CV against a one-page offer: p50/p95.
//   3. Render the two-page CV to PDF (classic template): p50/p95 in this process; renders per
//      second with one worker thread per core (each its own compiler); peak memory per render,
//      measured in a fresh process as the rise of its peak RSS (first render, with the compiler's
//      creation and fonts, and one render more once warm).
// No services needed. Results: bench/results/career.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { matchSections } from "../src/cv/sections.ts";
import { parseCv } from "../src/cv/parse.ts";
import { analyse } from "../src/match/analyse.ts";
import { pdfText } from "../src/render/extract.ts";
import { renderPdf } from "../src/render/pdf.ts";
import { onePageOffer, twoPageCv, variant } from "./two-page.ts";

const SAMPLES = Number(process.env["BENCH_SAMPLES"] ?? 200);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 5);
const root = path.resolve(import.meta.dirname, "../../..");
const resultsFile = process.env["BENCH_RESULTS_FILE"] ?? path.join(root, "bench/results/career.json");

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};
const round = (value: number) => Math.round(value * 100) / 100;

async function timed(samples: number, work: () => unknown): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)) };
}

/** Renders per second with one worker per core, each rendering for SECONDS. */
async function throughput(workers: number): Promise<number> {
  const script = path.join(import.meta.dirname, "render-worker.ts");
  const counts = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(script, { workerData: { seconds: SECONDS } });
          worker.once("message", (count: number) => {
            resolve(count);
          });
          worker.once("error", reject);
        }),
    ),
  );
  return round(counts.reduce((a, b) => a + b, 0) / SECONDS);
}

function memory(): { firstRenderMiB: number; warmRenderMiB: number; rssAfterMiB: number } {
  const out = execFileSync(process.execPath, [path.join(import.meta.dirname, "render-memory.ts")], {
    encoding: "utf8",
  });
  return JSON.parse(out) as { firstRenderMiB: number; warmRenderMiB: number; rssAfterMiB: number };
}

let serial = 0;
const cv = twoPageCv();
const pdf = renderPdf(cv, "classic");
const { pages } = await pdfText(new Uint8Array(pdf));
if (pages !== 2) throw new Error(`the benchmark's CV should fill two pages, it fills ${pages}`);
const sections = matchSections(cv);
const cores = os.availableParallelism();
const results = {
  machine: { cores, node: process.version },
  cv: { pages, pdfBytes: pdf.length },
  parse: await timed(SAMPLES, async () => parseCv((await pdfText(new Uint8Array(pdf))).text)),
  match: await timed(SAMPLES * 5, () => analyse(onePageOffer, sections)),
  // A different CV each time (the sample number in the summary): Typst memoises identical input.
  render: await timed(SAMPLES, () => renderPdf(variant(cv, (serial += 1)), "classic")),
  rendersPerSecond: { workers: cores, value: await throughput(cores) },
  memory: memory(),
  targets: { matchP95Ms: 50, parseP95Ms: 300, renderP95Ms: 300 },
};
mkdirSync(path.dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
