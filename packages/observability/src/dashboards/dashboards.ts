// Phoenix's Grafana dashboards, as data: every query names a metric the services, workers and
// operator really export (dashboards.test.ts checks that against the code) and is proven on a
// real Prometheus scraping the real processes by test/observability/dashboards.int.test.ts.
import { slos as allSlos } from "../slos.ts";
import type { Slo } from "../slos.ts";
import type { DashboardSpec } from "./panels.ts";
import { billing, operator } from "./operator.ts";
import { apiDashboard, overview, smsPath } from "./services.ts";
import { sloDashboard } from "./slo.ts";

export { sloDashboard };

export const dashboardSpecs = (slos: readonly Slo[] = allSlos): DashboardSpec[] => [
  overview,
  smsPath,
  apiDashboard,
  operator,
  billing,
  sloDashboard(slos),
];
