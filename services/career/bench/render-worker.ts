// One core's worth of renders for the benchmark's throughput: renders the two-page CV for the
// given seconds with its own compiler and posts how many it made.
import { parentPort, workerData } from "node:worker_threads";
import { renderPdf } from "../src/render/pdf.ts";
import { twoPageCv, variant } from "./two-page.ts";

const { seconds } = workerData as { seconds: number };
const cv = twoPageCv();
renderPdf(cv, "classic");
const until = performance.now() + seconds * 1000;
let count = 0;
while (performance.now() < until) {
  count++;
  renderPdf(variant(cv, count), "classic");
}
parentPort?.postMessage(count);
