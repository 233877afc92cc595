// Small layer over @grafana/grafana-foundation-sdk's typed builders: every Phoenix panel reads
// Prometheus through the `$datasource` variable, is laid out on a 24-column grid row by row, and
// has a stable id, so the generated JSON only changes when a panel does.
import * as common from "@grafana/grafana-foundation-sdk/common";
import {
  DashboardBuilder,
  DashboardCursorSync,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
} from "@grafana/grafana-foundation-sdk/dashboard";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

export const datasource = { type: "prometheus", uid: "${datasource}" };

/** `namespace=~"$namespace"`: the label the Prometheus Operator puts on every scraped series. */
export const ns = 'namespace=~"$namespace"';

export interface Target {
  readonly expr: string;
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly kind: "timeseries" | "stat";
  readonly unit: string;
  readonly targets: readonly Target[];
  /** Grid columns (of 24); default 8. */
  readonly width?: number;
  /** Stat thresholds: [value, color] steps after the base color. */
  readonly thresholds?: { readonly base: string; readonly steps: readonly (readonly [number, string])[] };
  readonly min?: number;
  readonly max?: number;
}

export interface RowSpec {
  readonly title: string;
  readonly panels: readonly PanelSpec[];
}

export interface DashboardSpec {
  readonly uid: string;
  /** File name under dashboards/grafana/ (without .json). */
  readonly file: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Extra variables after datasource and namespace. */
  readonly variables?: readonly "service"[];
  readonly rows: readonly RowSpec[];
}

export const generatedBy =
  "Generated from packages/observability/src/dashboards by 'npm run generate -w @phoenix/observability' — do not edit.";

const panelHeight = { timeseries: 8, stat: 5 } as const;

function target(t: Target, index: number, instant: boolean): DataqueryBuilder {
  const query = new DataqueryBuilder()
    .refId(String.fromCharCode(65 + index))
    .expr(t.expr)
    .legendFormat(t.legend ?? "__auto");
  return instant ? query.instant() : query.range();
}

function thresholds(spec: PanelSpec): ThresholdsConfigBuilder | undefined {
  if (!spec.thresholds) return undefined;
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([
      { value: null, color: spec.thresholds.base },
      ...spec.thresholds.steps.map(([value, color]) => ({ value, color })),
    ]);
}

function panel(spec: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }) {
  const steps = thresholds(spec);
  if (spec.kind === "stat") {
    const stat = new StatBuilder()
      .id(id)
      .title(spec.title)
      .description(spec.description)
      .datasource(datasource)
      .unit(spec.unit)
      .gridPos(gridPos)
      .graphMode(common.BigValueGraphMode.None)
      .colorMode(common.BigValueColorMode.Value)
      .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
      .targets(spec.targets.map((t, i) => target(t, i, true)));
    if (steps) stat.thresholds(steps);
    if (spec.min !== undefined) stat.min(spec.min);
    if (spec.max !== undefined) stat.max(spec.max);
    return stat;
  }
  const series = new TimeseriesBuilder()
    .id(id)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .unit(spec.unit)
    .gridPos(gridPos)
    .lineWidth(1)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    )
    .tooltip(
      new common.VizTooltipOptionsBuilder()
        .mode(common.TooltipDisplayMode.Multi)
        .sort(common.SortOrder.Descending),
    )
    .targets(spec.targets.map((t, i) => target(t, i, false)));
  if (steps)
    series
      .thresholds(steps)
      .thresholdsStyle(
        new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line),
      );
  if (spec.min !== undefined) series.min(spec.min);
  if (spec.max !== undefined) series.max(spec.max);
  return series;
}

function variables(spec: DashboardSpec) {
  const list = [
    new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"),
    new QueryVariableBuilder("namespace")
      .label("Namespace")
      .description("Kubernetes namespace of the scraped pods (the label the Prometheus Operator adds)")
      .datasource(datasource)
      .query("label_values(http_requests_total, namespace)")
      .definition("label_values(http_requests_total, namespace)")
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc)
      .multi(true)
      .includeAll(true)
      .allValue(".*"),
  ];
  if (spec.variables?.includes("service")) {
    list.push(
      new QueryVariableBuilder("service")
        .label("Service")
        .description("The service label every Phoenix process puts on its metrics")
        .datasource(datasource)
        .query(`label_values(http_requests_total{${ns}}, service)`)
        .definition(`label_values(http_requests_total{${ns}}, service)`)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(true)
        .includeAll(true)
        .allValue(".*"),
    );
  }
  return list;
}

/** The dashboard's JSON model, panels laid out left to right under their rows. */
// The v1 JSON model (deprecated in the SDK for dashboardv2): the one Grafana's file and sidecar
// provisioning load without feature flags (ADR 0047).
// eslint-disable-next-line @typescript-eslint/no-deprecated
export function buildDashboard(spec: DashboardSpec): Dashboard {
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const builder = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(`${spec.description} ${generatedBy}`)
    .tags([...spec.tags])
    .editable()
    .tooltip(DashboardCursorSync.Crosshair)
    .refresh("30s")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .variables(variables(spec));
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    builder.withRow(new RowBuilder(row.title).id(id++).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      const w = p.width ?? 8;
      const h = panelHeight[p.kind];
      if (x + w > 24) {
        x = 0;
        y += rowHeight;
        rowHeight = 0;
      }
      builder.withPanel(panel(p, id++, { x, y, w, h }));
      x += w;
      rowHeight = Math.max(rowHeight, h);
    }
    y += rowHeight;
  }
  return builder.build();
}

// PromQL helpers.

/** `sum by (<by>) (rate(<selector>[$__rate_interval]))`. */
export const rate = (selector: string, by?: string): string =>
  `sum${by ? ` by (${by})` : ""} (rate(${selector}[$__rate_interval]))`;

/**
 * bad / total, 0 (not "No data") while there is traffic but no bad event: a counter with labels
 * has no series until its first increment.
 */
export const ratio = (bad: string, total: string, by?: string): string =>
  `(${rate(bad, by)} or ${rate(total, by)} * 0) / ${rate(total, by)}`;

/** histogram_quantile(q) of a prom-client histogram (`name` without _bucket). */
export const quantile = (q: number, histogram: string, matchers: string, by?: string): string =>
  `histogram_quantile(${q}, sum by (${by ? `${by}, ` : ""}le) (rate(${histogram}_bucket{${matchers}}[$__rate_interval])))`;
