// promtool unit tests (`promtool test rules`) for the burn-rate alerts, derived from the SLOs:
// for every window pair, an error ratio just under its threshold (no alert) and just over it
// (pending one minute before `for` has elapsed, firing at `for`), plus a recovered incident (the
// long window still hot, the short one clean: no page). What should fire is computed by a small
// model of how Prometheus evaluates the rules; promtool then checks the real rules agree.
import { burnAlert, burnWindows, sloLabels } from "./burn-rate.ts";
import type { BurnWindow } from "./burn-rate.ts";
import { expandLabels, minutes } from "./rules.ts";
import type { AlertingRule, GeneratorOptions } from "./rules.ts";
import type { Slo } from "./slos.ts";

export interface ExpectedAlert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations: Record<string, string>;
}

export interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts: ExpectedAlert[];
}

export interface TestGroup {
  readonly name: string;
  readonly interval: string;
  readonly input_series: Array<{ series: string; values: string }>;
  readonly alert_rule_test: AlertTest[];
}

export interface TestFile {
  readonly rule_files: string[];
  readonly evaluation_interval: string;
  /**
   * promtool evaluates the groups in map order unless told: recordings must come before the
   * alerts that read them, or an alert's onset moves by one evaluation at random.
   */
  readonly group_eval_order: string[];
  readonly tests: TestGroup[];
}

/** Counters start high so Prometheus' extrapolation treats every series alike (no clamp at zero). */
export const counterBase = 100_000;

/** promtool's expanding notation for a counter that grows by `perMinute[i]` at minute i + 1. */
export function counterValues(perMinute: readonly number[], base = counterBase): string {
  const parts: string[] = [];
  let value = base;
  let i = 0;
  parts.push(String(value));
  while (i < perMinute.length) {
    const step = perMinute[i] ?? 0;
    let run = 1;
    while (i + run < perMinute.length && perMinute[i + run] === step) run++;
    parts.push(`${round(value + step)}+${round(step)}x${run - 1}`);
    value += step * run;
    i += run;
  }
  return parts.join(" ");
}

const round = (n: number): number => Number(n.toFixed(6));

/** The expected alert as promtool states it: rule labels, series labels, expanded annotations. */
export function expected(rule: AlertingRule, seriesLabels: Record<string, string>): ExpectedAlert {
  const labels = { ...seriesLabels, ...rule.labels };
  const all = { ...labels, alertname: rule.alert };
  return {
    exp_labels: labels,
    exp_annotations: Object.fromEntries(
      Object.entries(rule.annotations).map(([k, v]) => [k, expandLabels(v, all)]),
    ),
  };
}

/** Bad-event ratio per minute (index m = the increments that arrive at minute m + 1). */
type Profile = readonly number[];

/**
 * The error ratio Prometheus 3 records at minute t over `w` minutes: a range (t-w, t] holds the
 * samples t-w+1 … t, so it sees the increments of minutes t-w+2 … t (from minute 1 on); every
 * series is extrapolated by the same factor, which cancels in the ratio.
 */
function windowRatio(profile: Profile, perMinute: number, t: number, w: number): number {
  const from = Math.max(1, t - w + 2);
  let bad = 0;
  for (let m = from; m <= t; m++) bad += (profile[m - 1] ?? 0) * perMinute;
  return bad / ((t - from + 1) * perMinute);
}

/** Whether the alert of window pair `w` fires at minute `at` (pending from its first true evaluation). */
function fires(slo: Slo, w: BurnWindow, profile: Profile, at: number): boolean {
  const limit = w.factor * (1 - slo.objective);
  let since: number | undefined;
  for (let t = 1; t <= at; t++) {
    const hot =
      windowRatio(profile, 600, t, minutes(w.long)) > limit &&
      windowRatio(profile, 600, t, minutes(w.short)) > limit;
    since = hot ? (since ?? t) : undefined;
  }
  return since !== undefined && at - since >= minutes(w.for);
}

function inputSeries(slo: Slo, profile: Profile, perMinute: number): TestGroup["input_series"] {
  const bad = profile.map((r) => r * perMinute);
  const good = profile.map((r) => (1 - r) * perMinute);
  const { sli } = slo;
  if (sli.kind === "events") {
    return [
      { series: sli.sample.good, values: counterValues(good) },
      { series: sli.sample.bad, values: counterValues(bad) },
    ];
  }
  return [
    { series: `${sli.histogram}_count{${sli.sample}}`, values: counterValues(profile.map(() => perMinute)) },
    { series: `${sli.histogram}_bucket{${sli.sample},le="${sli.le}"}`, values: counterValues(good) },
  ];
}

function evaluation(slo: Slo, profile: Profile, at: number, options: GeneratorOptions): AlertTest {
  return {
    eval_time: `${at}m`,
    alertname: slo.alert,
    exp_alerts: burnWindows
      .filter((w) => fires(slo, w, profile, at))
      .map((w) => expected(burnAlert(slo, w, options), sloLabels(slo))),
  };
}

const constant = (ratio: number, length: number): Profile => Array.from({ length }, () => ratio);

interface Case {
  readonly name: string;
  readonly profile: Profile;
  /** Minutes to evaluate at. */
  readonly at: number[];
}

function group(slo: Slo, { name, profile, at }: Case, options: GeneratorOptions): TestGroup {
  return {
    name: `${slo.name}: ${name}`,
    interval: "1m",
    input_series: inputSeries(slo, profile, 600),
    alert_rule_test: at.map((t) => evaluation(slo, profile, t, options)),
  };
}

/** The promtool test groups of one SLO's burn-rate alerts. */
export function burnTests(slo: Slo, options: GeneratorOptions): TestGroup[] {
  const budget = 1 - slo.objective;
  const cases = burnWindows.flatMap((w): Case[] => {
    const pair = `${w.long}/${w.short}`;
    const fire = 1 + minutes(w.for);
    const length = fire + 2;
    return [
      {
        name: `${pair} just under ${w.factor}x the budget`,
        profile: constant(0.98 * w.factor * budget, length),
        at: [fire, fire + 1],
      },
      {
        name: `${pair} just over ${w.factor}x the budget`,
        profile: constant(1.02 * w.factor * budget, length),
        at: [fire - 1, fire],
      },
    ];
  });
  // An hour at 20x, then ten clean minutes: the 1h window is still over 14.4x, the 5m one is not.
  cases.push({
    name: "recovered incident (short window clean)",
    profile: [...constant(20 * budget, 60), ...constant(0, 10)],
    at: [59, 65, 70],
  });
  return cases.map((c) => group(slo, c, options));
}

export function burnTestFile(
  slo: Slo,
  options: GeneratorOptions,
  rules: { file: string; groups: string[] },
): TestFile {
  return {
    rule_files: [rules.file],
    evaluation_interval: "1m",
    group_eval_order: rules.groups,
    tests: burnTests(slo, options),
  };
}
