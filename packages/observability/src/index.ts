// SLOs as the single source of Phoenix's Prometheus rules: the objectives, the burn-rate and
// cause alerts generated from them, and the files the generator writes.
export { slos } from "./slos.ts";
export type { Slo } from "./slos.ts";
export { causes } from "./causes.ts";
export type { CauseAlert } from "./causes.ts";
export { burnWindows } from "./burn-rate.ts";
export { defaultOptions, isAlert } from "./rules.ts";
export type { AlertingRule, GeneratorOptions, Rule, RuleFile, RuleGroup } from "./rules.ts";
export { causeRules, renderAll, sloRules } from "./render.ts";
