// Shorthands the dashboards share: panels from a title, description, unit and queries, and the
// selectors of each service's metrics (fixed `service` label, `$namespace` filter).
import { ns } from "./panels.ts";
import type { PanelSpec } from "./panels.ts";

export const probes = 'route!~"/healthz|/readyz|/metrics"';
export const svc = (service: string) => `service="${service}",${ns}`;
export const http = (service: string, extra = "") =>
  `http_requests_total{${svc(service)}${extra ? `,${extra}` : ""}}`;
/** A panel's title and description. */
export interface Head {
  readonly title: string;
  readonly description: string;
}
export const h = (title: string, description: string): Head => ({ title, description });
export const ts = (
  head: Head,
  unit: string,
  targets: PanelSpec["targets"],
  extra: Partial<PanelSpec> = {},
): PanelSpec => ({ ...head, kind: "timeseries", unit, targets, ...extra });
export const stat = (head: Head, unit: string, expr: string, extra: Partial<PanelSpec> = {}): PanelSpec => ({
  ...head,
  kind: "stat",
  unit,
  targets: [{ expr }],
  width: 6,
  ...extra,
});

export const errorSteps = {
  base: "green",
  steps: [
    [0.01, "orange"],
    [0.05, "red"],
  ] as const,
};

export const op = (metric: string, extra = "") =>
  `${metric}{${svc("phoenix-operator")}${extra ? `,${extra}` : ""}}`;
