// Memory per render, in a fresh process: the rise of the resident set over the first render
// (compiler creation and fonts included) and the largest rise over one render once warm (each a
// new CV, so nothing comes from Typst's memo). Resident growth, sampled around each render.
import { renderPdf } from "../src/render/pdf.ts";
import { twoPageCv, variant } from "./two-page.ts";

const rssMiB = () => process.memoryUsage().rss / 1024 / 1024;
const cv = twoPageCv();
const before = rssMiB();
renderPdf(cv, "classic");
const first = rssMiB() - before;
let warm = 0;
for (let i = 1; i <= 50; i++) {
  const start = rssMiB();
  renderPdf(variant(cv, i), "classic");
  warm = Math.max(warm, rssMiB() - start);
}
const round = (value: number) => Math.round(value * 10) / 10;
process.stdout.write(
  JSON.stringify({ firstRenderMiB: round(first), warmRenderMiB: round(warm), rssAfterMiB: round(rssMiB()) }),
);
