// The dashboards as { "<repo-relative path>": JSON }: pure, so the drift test compares a fresh
// render with the committed files. JSON has no comments: the header is a top-level field
// (`__generated`, ignored by Grafana) and the end of every dashboard's description.
import type { Slo } from "../slos.ts";
import { slos as allSlos } from "../slos.ts";
import { dashboardSpecs } from "./dashboards.ts";
import { buildDashboard, generatedBy } from "./panels.ts";

export const dashboardsDir = "dashboards/grafana";

export function renderDashboards(slos: readonly Slo[] = allSlos): Record<string, string> {
  const files: Record<string, string> = {};
  for (const spec of dashboardSpecs(slos)) {
    const model = { __generated: generatedBy, ...buildDashboard(spec) };
    files[`${dashboardsDir}/${spec.file}.json`] = `${JSON.stringify(model, null, 2)}\n`;
  }
  return files;
}
