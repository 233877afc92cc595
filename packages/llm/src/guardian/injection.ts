// Prompt-injection detection: deterministic and explainable. A message is folded once
// (fold.ts) and every rule (injection-rules.ts) tried on its view; the result names each rule
// that fired and the text it matched, for logs and for a reviewer of false positives.
import { fold } from "./fold.ts";
import { INJECTION_RULES } from "./injection-rules.ts";
import type { InjectionRule } from "./injection-rules.ts";
import { normalizeText } from "./normalize.ts";

export interface RuleHit {
  rule: string;
  description: string;
  /** The part of the (folded) message the rule matched. */
  matched: string;
}

export interface InjectionVerdict {
  flagged: boolean;
  hits: RuleHit[];
}

export function detectInjection(
  text: string,
  rules: readonly InjectionRule[] = INJECTION_RULES,
): InjectionVerdict {
  const folded = fold(text);
  const views = { ...folded, raw: normalizeText(text).text.toLowerCase() };
  const hits: RuleHit[] = [];
  for (const rule of rules) {
    const match = rule.pattern.exec(views[rule.view]);
    if (match) hits.push({ rule: rule.id, description: rule.description, matched: match[0].trim() });
  }
  return { flagged: hits.length > 0, hits };
}
