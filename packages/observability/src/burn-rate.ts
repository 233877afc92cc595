// Multi-window, multi-burn-rate alerts (Google SRE workbook, "Alerting on SLOs", recipe 6), laid
// out as Sloth and Pyrra do: one recording rule per SLO and window for the error ratio, then
// alerts that compare a long and a short window against the same burn-rate threshold, so a page
// needs both a real budget spend (long window) and a problem still going on (short window).
import { runbookUrl } from "./rules.ts";
import type { AlertingRule, GeneratorOptions, RecordingRule, RuleGroup, Severity } from "./rules.ts";
import type { Slo } from "./slos.ts";

export interface BurnWindow {
  readonly long: string;
  readonly short: string;
  /** Times the budget is being spent faster than the SLO window allows. */
  readonly factor: number;
  readonly severity: Severity;
  /** Pyrra's choice: long enough to ride out one bad scrape, short against the window. */
  readonly for: string;
}

/** 2 % of a 30-day budget in 1 h, 5 % in 6 h (page); 10 % in 1 d, 10 % in 3 d (ticket). */
export const burnWindows: readonly BurnWindow[] = [
  { long: "1h", short: "5m", factor: 14.4, severity: "page", for: "2m" },
  { long: "6h", short: "30m", factor: 6, severity: "page", for: "15m" },
  { long: "1d", short: "2h", factor: 3, severity: "ticket", for: "1h" },
  { long: "3d", short: "6h", factor: 1, severity: "ticket", for: "3h" },
];

/** Every window an error ratio is recorded for (alerts above, plus the SLO window for dashboards). */
export const ratioWindows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

export const errorRatioRecord = (window: string): string => `slo:sli_error:ratio_rate${window}`;

/** The bad-event ratio of `slo` over `window` as PromQL. */
export function errorRatio(slo: Slo, window: string): string {
  const { sli } = slo;
  // No bad event yet is a ratio of 0, not a missing value (else the 30-day mean would average
  // only the windows that had errors); no traffic at all stays missing.
  if (sli.kind === "events")
    return `(sum(rate(${sli.bad}[${window}])) or vector(0)) / sum(rate(${sli.total}[${window}]))`;
  const count = `sum(rate(${sli.histogram}_count{${sli.matchers}}[${window}]))`;
  const fast = `sum(rate(${sli.histogram}_bucket{${sli.matchers},le="${sli.le}"}[${window}]))`;
  return `(${count} - ${fast}) / ${count}`;
}

export const sloLabels = (slo: Slo): Record<string, string> => ({ slo: slo.name, service: slo.service });

const budget = (slo: Slo): number => Number((1 - slo.objective).toFixed(6));

/** The threshold an error ratio is compared with, as the rule writes it. */
export const threshold = (slo: Slo, w: BurnWindow): string => `(${w.factor} * ${budget(slo)})`;

function recordingRules(slo: Slo): RecordingRule[] {
  const labels = sloLabels(slo);
  const ratio5m = `${errorRatioRecord("5m")}{slo="${slo.name}"}`;
  return [
    ...ratioWindows.map((w) => ({ record: errorRatioRecord(w), expr: errorRatio(slo, w), labels })),
    // The SLO window's ratio as the mean of the 5-minute ones (Sloth's trick: a 30-day rate over
    // raw counters would be too heavy to evaluate every minute).
    {
      record: errorRatioRecord(slo.window),
      expr: `sum_over_time(${ratio5m}[${slo.window}]) / count_over_time(${ratio5m}[${slo.window}])`,
      labels,
    },
    { record: "slo:objective:ratio", expr: `vector(${slo.objective})`, labels },
    { record: "slo:error_budget:ratio", expr: `vector(${budget(slo)})`, labels },
  ];
}

const percent = (ratio: number): string => `${Number((ratio * 100).toFixed(4))}%`;

export function burnAlert(slo: Slo, w: BurnWindow, options: GeneratorOptions): AlertingRule {
  const ratio = (window: string) => `${errorRatioRecord(window)}{slo="${slo.name}"}`;
  const share = percent(w.factor * budget(slo));
  return {
    alert: slo.alert,
    expr: `${ratio(w.long)} > ${threshold(slo, w)} and ${ratio(w.short)} > ${threshold(slo, w)}`,
    for: w.for,
    labels: { severity: w.severity, long_window: w.long, short_window: w.short },
    annotations: {
      summary: `${slo.journey}: the ${slo.name} SLO burns its error budget ${w.factor}x too fast`,
      description:
        `Over the last ${w.long} and the last ${w.short}, more than ${share} of events were bad ` +
        `(good: ${slo.good}). At ${w.factor}x the ${slo.window} budget of ${percent(budget(slo))} ` +
        `(objective ${percent(slo.objective)}) lasts ${Math.round((30 * 24) / w.factor)} h.`,
      runbook_url: runbookUrl(options, slo.alert),
    },
  };
}

export function sloGroups(slos: readonly Slo[], options: GeneratorOptions): RuleGroup[] {
  return slos.flatMap((slo) => [
    { name: `slo-${slo.name}-recordings`, rules: recordingRules(slo) },
    { name: `slo-${slo.name}-alerts`, rules: burnWindows.map((w) => burnAlert(slo, w, options)) },
  ]);
}
