// Synthesises the charts: `node cdk8s/src/main.ts [out-dir]` (default: the repository root, so
// the files land in charts/). Generated templates are replaced wholesale; vendored subcharts
// (charts/phoenix-platform/charts/, Chart.lock from `helm dependency build`) are left alone.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { synthCharts } from "./synth.ts";
import { renderValuesReference, valuesReferencePath } from "./values-reference.ts";

const out = path.resolve(process.argv[2] ?? path.resolve(import.meta.dirname, "../.."));
for (const chart of ["phoenix", "phoenix-crds", "phoenix-platform", "phoenix-load"]) {
  rmSync(path.join(out, "charts", chart, "templates"), { recursive: true, force: true });
}
const files = synthCharts();
for (const [name, content] of Object.entries(files)) {
  const target = path.join(out, name);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}
process.stdout.write(`wrote ${Object.keys(files).length} files under ${path.join(out, "charts")}\n`);
// The values reference is generated from the charts just written, so it never lags them.
mkdirSync(path.join(out, "docs"), { recursive: true });
writeFileSync(path.join(out, valuesReferencePath), await renderValuesReference(out));
