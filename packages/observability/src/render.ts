// Everything the generator writes, as { "<repo-relative path>": content }: pure, so the drift
// test compares a fresh render with the committed files without touching them.
import { stringify } from "yaml";
import { burnTestFile } from "./promtool-tests.ts";
import { sloGroups } from "./burn-rate.ts";
import { causeRule, causeTests, causes } from "./causes.ts";
import { defaultOptions } from "./rules.ts";
import type { GeneratorOptions, RuleFile } from "./rules.ts";
import { slos } from "./slos.ts";

export const generatedHeader =
  "# Generated from packages/observability/src by `npm run generate -w @phoenix/observability` — do not edit.\n";

export const rulesDir = "dashboards/rules";
export const sloRulesFile = `${rulesDir}/phoenix-slos.rules.yml`;
export const causeRulesFile = `${rulesDir}/phoenix-causes.rules.yml`;

export function sloRules(options: GeneratorOptions = defaultOptions): RuleFile {
  return { groups: sloGroups(slos, options) };
}

export function causeRules(options: GeneratorOptions = defaultOptions): RuleFile {
  return { groups: [{ name: "phoenix-causes", rules: causes.map((c) => causeRule(c, options)) }] };
}

const yaml = (value: unknown): string =>
  generatedHeader + stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });

/** Rule files, then one promtool test file per SLO and one for the cause alerts. */
export function renderAll(options: GeneratorOptions = defaultOptions): Record<string, string> {
  const files: Record<string, string> = {
    [sloRulesFile]: yaml(sloRules(options)),
    [causeRulesFile]: yaml(causeRules(options)),
  };
  const sloFile = { file: "../phoenix-slos.rules.yml", groups: sloRules(options).groups.map((g) => g.name) };
  for (const slo of slos) {
    files[`${rulesDir}/tests/slo-${slo.name}.test.yml`] = yaml(burnTestFile(slo, options, sloFile));
  }
  files[`${rulesDir}/tests/causes.test.yml`] = yaml({
    rule_files: ["../phoenix-causes.rules.yml"],
    evaluation_interval: "1m",
    group_eval_order: causeRules(options).groups.map((g) => g.name),
    tests: causes.flatMap((c) => causeTests(c, options)),
  });
  return files;
}
