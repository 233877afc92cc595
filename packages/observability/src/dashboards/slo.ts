// The SLO dashboard: one row per SLO of slos.ts, reading the recording rules burn-rate.ts
// generates (an objective changed there changes the dashboard, the rules and their tests).
import { burnWindows, errorRatioRecord } from "../burn-rate.ts";
import { slos as allSlos } from "../slos.ts";
import type { Slo } from "../slos.ts";
import type { DashboardSpec, RowSpec } from "./panels.ts";
import { h, stat, ts } from "./kit.ts";

/** Budget share, as the rules write it. */
const budgetOf = (slo: Slo): number => Number((1 - slo.objective).toFixed(6));

/** The SLI's event count as PromQL over `window` (0 errors while there are events). */
function sliTotal(slo: Slo, window: string): string {
  const { sli } = slo;
  const total = sli.kind === "events" ? sli.total : `${sli.histogram}_count{${sli.matchers}}`;
  return `sum(rate(${total}[${window}]))`;
}

/**
 * The recorded error ratio over `window`. An events SLI's ratio is absent while no bad event has
 * happened (its bad counter has no series): 0 then, as long as there are events. A latency SLI's
 * is recorded whenever there are events, so no fallback hides a rule that matches nothing.
 */
const recorded = (slo: Slo, window: string): string =>
  slo.sli.kind === "events"
    ? `(${errorRatioRecord(window)}{slo="${slo.name}"} or on () ${sliTotal(slo, window)} * 0)`
    : `${errorRatioRecord(window)}{slo="${slo.name}"}`;

/** Prometheus 3 stores a classic histogram's `le` in float format: "5" is scraped as "5.0". */
const le = (bound: string): string =>
  Number.isInteger(Number(bound)) ? `${String(Number(bound))}.0` : bound;

/** Good share over the dashboard's range, from the raw counters. */
function goodShare(slo: Slo): string {
  const { sli } = slo;
  if (sli.kind === "events")
    return `1 - ((sum(rate(${sli.bad}[$__range])) or ${sliTotal(slo, "$__range")} * 0) / ${sliTotal(slo, "$__range")})`;
  return `sum(rate(${sli.histogram}_bucket{${sli.matchers},le="${le(sli.le)}"}[$__range])) / ${sliTotal(slo, "$__range")}`;
}

const pct = (ratio: number) => `${Number((ratio * 100).toFixed(4))} %`;

function sloRow(slo: Slo): RowSpec {
  const budget = budgetOf(slo);
  const target = { base: "red", steps: [[slo.objective, "green"]] as const };
  const windows = [...new Set(burnWindows.flatMap((w) => [w.long, w.short]))];
  return {
    title: `${slo.name}: ${slo.journey} (${pct(slo.objective)} over ${slo.window})`,
    panels: [
      stat(
        h("Objective", `Good: ${slo.good}.`),
        "percentunit",
        `max(slo:objective:ratio{slo="${slo.name}"})`,
        {
          width: 4,
        },
      ),
      stat(
        h(
          "Good events (range)",
          `Share of good events over the dashboard's time range, from the raw counters; objective ${pct(slo.objective)}.`,
        ),
        "percentunit",
        goodShare(slo),
        { width: 5, thresholds: target, max: 1 },
      ),
      stat(
        h(
          `Error budget left (${slo.window})`,
          `1 - error ratio over ${slo.window} / budget (${pct(budget)}); below 0 the SLO is missed.`,
        ),
        "percentunit",
        `1 - ${recorded(slo, slo.window)} / ${budget}`,
        {
          width: 5,
          thresholds: {
            base: "red",
            steps: [
              [0, "orange"],
              [0.25, "green"],
            ],
          },
        },
      ),
      ts(
        h(
          "Burn rate",
          `Error ratio per window divided by the budget (${pct(budget)}): 1 spends it in exactly ${slo.window}; ` +
            burnWindows
              .map(
                (w) =>
                  `${w.factor}x over ${w.long} and ${w.short} ${w.severity === "page" ? "pages" : "opens a ticket"}`,
              )
              .join(", ") +
            ".",
        ),
        "short",
        windows.map((w) => ({ expr: `${recorded(slo, w)} / ${budget}`, legend: w })),
        {
          width: 10,
          min: 0,
          thresholds: {
            base: "green",
            steps: [...new Set(burnWindows.map((w) => w.factor))]
              .sort((a, b) => a - b)
              .map((f) => [f, f >= 6 ? "red" : "orange"] as const),
          },
        },
      ),
    ],
  };
}

/** The SLO dashboard: one row per SLO of slos.ts (an objective changed there changes it). */
export function sloDashboard(slos: readonly Slo[] = allSlos): DashboardSpec {
  return {
    uid: "phoenix-slos",
    file: "phoenix-slos",
    title: "Phoenix / SLOs",
    description:
      "One row per SLO of packages/observability/src/slos.ts: objective, good share, error budget left and burn rates from the recording rules of dashboards/rules/phoenix-slos.rules.yml (over every namespace, as the rules).",
    tags: ["phoenix", "slo"],
    rows: slos.map(sloRow),
  };
}
