// @phoenix/llm — the LLM gateway. See README.md.
export { createRouter } from "./router.ts";
export type {
  AttemptOutcome,
  AttemptRecord,
  ChatRequest,
  RouteOutcome,
  RouteSummary,
  Router,
  RouterEvent,
  RouterOptions,
} from "./router.ts";
export type { ChatMessage } from "./attempt.ts";
export type { ProviderConfig, ProviderKind } from "./providers.ts";
export type { BreakerState } from "./breaker.ts";
export { createBudget, createMemoryCounterStore } from "./budget.ts";
export type { Budget, BudgetLimits, BudgetUser, CounterStore, Reservation } from "./budget.ts";
export { createRedisCounterStore } from "./redis-counters.ts";
export type { RedisEval } from "./redis-counters.ts";
export { notice } from "./notices.ts";
export type { Language, NoticeCode } from "./notices.ts";
export type { RetryPolicy } from "./retry.ts";
export { passThroughGuard } from "./guard-contract.ts";
export type { GuardReport, Inspection, Outbound, Restorer, RouterGuard } from "./guard-contract.ts";
export { createGuardian } from "./guardian/guardian.ts";
export type { Guardian, GuardianOptions } from "./guardian/guardian.ts";
export { detectInjection } from "./guardian/injection.ts";
export type { InjectionVerdict, RuleHit } from "./guardian/injection.ts";
export { normalizeText } from "./guardian/normalize.ts";
export { createRedactionSession, findPersonalData } from "./guardian/redact.ts";
export type { PiiKind, RedactionSession } from "./guardian/redact.ts";
export { escapeHtml, renderMarkdown } from "./guardian/markdown.ts";
export { llmConfig, providersOf, routerFromConfig } from "./config.ts";
export type { LlmConfig } from "./config.ts";
