// The shape of a cause alert and the input series its promtool cases are built from.
import { counterValues } from "./promtool-tests.ts";
import type { Severity } from "./rules.ts";

export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface CauseAlert {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  /** Labels the rule adds (besides severity); the expression's own come from its `by`. */
  readonly labels?: Record<string, string>;
  readonly summary: string;
  readonly description: string;
  /** Input just under the threshold: never fires. */
  readonly under: readonly Series[];
  /** Input just over it, the condition true from minute `onset`, the alert with these series labels. */
  readonly over: {
    readonly series: readonly Series[];
    readonly onset: number;
    readonly labels: Record<string, string>;
  };
}

/** A counter growing by `perMinute` for `length` minutes. */
export const counter = (series: string, perMinute: number, length = 240): Series => ({
  series,
  values: counterValues(Array.from({ length }, () => perMinute)),
});
export const gauge = (series: string, value: number, length = 240): Series => ({
  series,
  values: `${value}x${length}`,
});

/** A share `f` of 600 events a minute on `bad`, the rest on `good`. */
export const split = (good: string, bad: string, f: number): Series[] => [
  counter(good, 600 * (1 - f)),
  counter(bad, 600 * f),
];
