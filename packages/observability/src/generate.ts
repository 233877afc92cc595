// Writes the rule files and their promtool tests under dashboards/rules/ (see render.ts) and the
// Grafana dashboards under dashboards/grafana/ (see dashboards/render.ts).
// RUNBOOK_BASE_URL overrides where every alert's runbook_url points.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { renderDashboards } from "./dashboards/render.ts";
import { renderAll } from "./render.ts";
import { defaultOptions } from "./rules.ts";

const root = path.resolve(import.meta.dirname, "../../..");
const runbookBaseUrl = process.env["RUNBOOK_BASE_URL"] ?? defaultOptions.runbookBaseUrl;
const files = { ...renderAll({ runbookBaseUrl }), ...renderDashboards() };
for (const [name, content] of Object.entries(files)) {
  const file = path.join(root, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  process.stdout.write(`wrote ${name}\n`);
}
