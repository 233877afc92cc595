// Grafana dashboards generated with @grafana/grafana-foundation-sdk (see docs/decisions/0047).
export { dashboardSpecs, sloDashboard } from "./dashboards.ts";
export type { DashboardSpec, PanelSpec, RowSpec, Target } from "./panels.ts";
export { buildDashboard, generatedBy } from "./panels.ts";
export { dashboardsDir, renderDashboards } from "./render.ts";
