// The shapes Prometheus reads (rule files) and promtool runs (unit-test files), plus the few
// pieces every rule shares: severities, the runbook link and the annotation templating.

export type Severity = "page" | "ticket";

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>> & { readonly severity: Severity };
  readonly annotations: {
    readonly summary: string;
    readonly description: string;
    readonly runbook_url: string;
  };
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface RuleFile {
  readonly groups: readonly RuleGroup[];
}

export const isAlert = (rule: Rule): rule is AlertingRule => "alert" in rule;

/** What a generated file links to and where: one knob for forks and mirrors of the docs. */
export interface GeneratorOptions {
  /** Prefix of every runbook_url; the alert's name and `.md` are appended. */
  readonly runbookBaseUrl: string;
}

export const defaultOptions: GeneratorOptions = {
  runbookBaseUrl: "https://github.com/phoenix/phoenix/blob/main/docs/runbooks/",
};

export const runbookUrl = (options: GeneratorOptions, alert: string): string =>
  `${options.runbookBaseUrl}${alert}.md`;

/**
 * Annotations may name the alert's labels as `{{ $labels.<name> }}` and nothing else: no $value,
 * so a promtool test can state the exact text it expects (expandLabels) and the chart can pass
 * the text through Helm unchanged.
 */
export function expandLabels(text: string, labels: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_all, name: string) => {
    const value = labels[name];
    if (value === undefined)
      throw new Error(`annotation names label ${name}, which the alert does not carry`);
    return value;
  });
}

/** Minutes in a Prometheus duration such as 5m, 1h, 3d (the units the rules use). */
export function minutes(duration: string): number {
  const match = /^(\d+)([mhd])$/.exec(duration);
  if (!match) throw new Error(`unsupported duration ${duration}`);
  const unit = { m: 1, h: 60, d: 1440 }[match[2] as "m" | "h" | "d"];
  return Number(match[1]) * unit;
}
