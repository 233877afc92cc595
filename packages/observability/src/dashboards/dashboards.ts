// Phoenix's Grafana dashboards, as data: every query names a metric the services, workers and
// operator really export (dashboards.test.ts checks that against the code) and is proven on a
// real Prometheus scraping the real processes (iris and career in-process) by test/observability/dashboards.int.test.ts.
import { slos as allSlos } from "../slos.ts";
import type { Slo } from "../slos.ts";
import type { DashboardSpec } from "./panels.ts";
import { llmDashboard } from "./llm.ts";
import { billing, operator } from "./operator.ts";
import { apiDashboard } from "./api.ts";
import { overview, smsPath } from "./services.ts";
import { sloDashboard } from "./slo.ts";

export { sloDashboard };

export const dashboardSpecs = (slos: readonly Slo[] = allSlos): DashboardSpec[] => [
  overview,
  smsPath,
  apiDashboard,
  operator,
  billing,
  llmDashboard,
  sloDashboard(slos),
];
