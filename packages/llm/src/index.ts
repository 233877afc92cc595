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
