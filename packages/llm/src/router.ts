// The Smart Router: one answer from the first provider of the task's list that can give it.
//   budget (before any call) → for each provider in order: breaker permit → attempt (streamed) →
//   success ends; a failure before the first token is retried where safe (retry.ts) or falls
//   through to the next provider; a failure after it ends the answer with the "interrupted"
//   notice — two models' words are never spliced into one answer.
// The caller reads events: deltas, at most one notice (fr/en), and a final summary. Breaking out
// of the iteration, or aborting `signal`, aborts the upstream request.
import { setTimeout as sleep } from "node:timers/promises";
import { Registry } from "prom-client";
import type { AttemptResult, ChatMessage } from "./attempt.ts";
import { attempt } from "./attempt.ts";
import type { BreakerState, Clock, Permit } from "./breaker.ts";
import type { Budget, BudgetUser, Reservation } from "./budget.ts";
import type { GuardReport, Restorer, RouterGuard } from "./guard-contract.ts";
import { createGuardian } from "./guardian/guardian.ts";
import { createRouterMetrics } from "./metrics.ts";
import type { RouterMetrics } from "./metrics.ts";
import type { Language, NoticeCode } from "./notices.ts";
import { notice } from "./notices.ts";
import type { BreakerSettings, Provider, ProviderConfig, ProviderKind } from "./providers.ts";
import { createProviders, resolveRoutes } from "./providers.ts";
import type { RetryPolicy } from "./retry.ts";
import { retryDelay } from "./retry.ts";
import type { TokenUsage } from "./usage.ts";
import { costOf, estimatePromptTokens, estimateTokens } from "./usage.ts";

export interface RouterOptions {
  providers: readonly ProviderConfig[];
  /** Provider names in order, per task; a task not listed uses "default" when it is. */
  routes: Readonly<Record<string, readonly string[]>>;
  /** Default 4000 ms per attempt (a provider's own firstTokenMs wins). */
  firstTokenMs?: number;
  /** The whole answer, fallbacks included; default 60000 ms. */
  totalMs?: number;
  /** Default: 3 failures open it, 30 s cool-down, 1 probe. */
  breaker?: BreakerSettings;
  retry?: RetryPolicy;
  /** Default: no budget (every call allowed). */
  budget?: Budget;
  /** Most tokens an answer may have; default 512. Reserved against the budget up front. */
  maxTokens?: number;
  /** Default: a registry of its own (pass the kernel's to export the metrics). */
  registry?: Registry;
  /** For the breakers' cool-down; default the real clock. */
  clock?: Clock;
  /**
   * Default: the Security Guardian in "flag" mode (guardian/): normalised input, injection rules
   * reported in the summary, personal data redacted before cloud providers. passThroughGuard
   * turns it off.
   */
  guard?: RouterGuard;
  /** The backoff wait between retries; default a timer that `signal` cancels. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ChatRequest {
  task: string;
  user: BudgetUser;
  /** The language of the notices. */
  language: Language;
  messages: readonly ChatMessage[];
  /** Abort to cancel: the upstream request is aborted too. */
  signal?: AbortSignal;
  /** Default the router's maxTokens. */
  maxTokens?: number;
}

export type RouteOutcome =
  "completed" | "interrupted" | "cancelled" | "budget_exhausted" | "unavailable" | "blocked";
export type AttemptOutcome =
  | "success"
  | "error"
  | "first_token_timeout"
  | "total_timeout"
  | "breaker_open"
  | "cancelled"
  | "interrupted";

export interface AttemptRecord {
  provider: string;
  outcome: AttemptOutcome;
  /** The provider's HTTP status, for a status error. */
  status?: number;
}

export interface RouteSummary {
  outcome: RouteOutcome;
  /** Who produced the answer (also for an interrupted one); null when nobody did. */
  provider: string | null;
  model: string | null;
  kind: ProviderKind | null;
  attempts: AttemptRecord[];
  /** Reported by the providers, estimated where they did not report. */
  tokens: TokenUsage;
  costUsd: number;
  timeToFirstTokenMs: number | null;
  durationMs: number;
  /** The user's tokens today after this call's reservation, when a budget is configured. */
  budget: { used: number; limit: number } | null;
  guard: GuardReport;
}

export type RouterEvent =
  | { type: "delta"; text: string }
  | { type: "notice"; code: NoticeCode; text: string }
  | { type: "end"; summary: RouteSummary };

export interface Router {
  stream(request: ChatRequest): AsyncGenerator<RouterEvent, void, undefined>;
  /** The whole answer: deltas joined (a notice, if any, after a blank line) and the summary. */
  complete(request: ChatRequest): Promise<{ text: string; notice: NoticeCode | null; summary: RouteSummary }>;
  breakerStates(): Record<string, BreakerState>;
}

interface Context {
  routes: Map<string, Provider[]>;
  providers: Map<string, Provider>;
  firstTokenMs: number;
  totalMs: number;
  maxTokens: number;
  retry: RetryPolicy;
  budget: Budget | undefined;
  guard: RouterGuard;
  metrics: RouterMetrics;
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** One routed call's progress, turned into its summary at the end. */
interface Run {
  request: ChatRequest;
  started: number;
  summary: RouteSummary;
  /** Aborted by the caller or the total deadline. */
  stop: AbortSignal;
  deadline: AbortSignal;
  /** llm_answers_total, counted when the answer ends. */
  answers: RouterMetrics["answers"];
  /** Set by finish(); still false when the caller stopped reading first. */
  finished: boolean;
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  sleep(ms, undefined, { signal }).catch(() => undefined);

export function createRouter(options: RouterOptions): Router {
  const metrics = createRouterMetrics(options.registry ?? new Registry());
  const totalMs = options.totalMs ?? 60_000;
  const providers = createProviders(options.providers, {
    breaker: options.breaker ?? {},
    clock: options.clock ?? { now: () => Date.now() },
    metrics,
    totalMs,
  });
  const ctx: Context = {
    providers,
    routes: resolveRoutes(options.routes, providers),
    firstTokenMs: options.firstTokenMs ?? 4000,
    totalMs,
    maxTokens: options.maxTokens ?? 512,
    retry: options.retry ?? {},
    budget: options.budget,
    guard: options.guard ?? createGuardian(),
    metrics,
    sleep: options.sleep ?? defaultSleep,
  };
  return {
    stream: (request) => route(ctx, request),
    complete: (request) => collect(route(ctx, request)),
    breakerStates: () =>
      Object.fromEntries([...providers].map(([name, provider]) => [name, provider.breaker.state()])),
  };
}

function routeFor(ctx: Context, task: string): Provider[] {
  const providers = ctx.routes.get(task) ?? ctx.routes.get("default");
  if (!providers) throw new Error(`llm router: no providers for task ${task} and no default route`);
  return providers;
}

function startRun(ctx: Context, request: ChatRequest, deadline: AbortSignal, guard: GuardReport): Run {
  return {
    request,
    answers: ctx.metrics.answers,
    finished: false,
    started: performance.now(),
    deadline,
    stop: AbortSignal.any([deadline, ...(request.signal ? [request.signal] : [])]),
    summary: {
      outcome: "unavailable",
      provider: null,
      model: null,
      kind: null,
      attempts: [],
      tokens: { prompt: 0, completion: 0 },
      costUsd: 0,
      timeToFirstTokenMs: null,
      durationMs: 0,
      budget: null,
      guard,
    },
  };
}

async function* route(ctx: Context, request: ChatRequest): AsyncGenerator<RouterEvent, void, undefined> {
  const providers = routeFor(ctx, request.task);
  const inspection = ctx.guard.inspect(request.messages);
  const deadline = new AbortController();
  const timer = setTimeout(() => {
    deadline.abort();
  }, ctx.totalMs);
  const run = startRun(ctx, request, deadline.signal, inspection.report);
  for (const rule of inspection.report.injectionRules) ctx.metrics.guardFlags.inc({ rule });
  let reservation: Reservation | null | undefined;
  try {
    if (inspection.block) return yield* finish(run, "blocked");
    reservation = yield* admit(ctx, run);
    if (reservation === null) return;
    for (const provider of providers) {
      if ((yield* tryProvider(ctx, run, provider)) === "done") return;
    }
    yield* finish(
      run,
      run.summary.outcome === "cancelled" || request.signal?.aborted ? "cancelled" : "unavailable",
    );
  } finally {
    clearTimeout(timer);
    // The caller left mid-answer (a closed tab): it counts as cancelled.
    if (!run.finished) run.answers.inc({ task: request.task, outcome: "cancelled" });
    const { prompt, completion } = run.summary.tokens;
    await reservation?.settle(prompt + completion);
  }
}

async function reserve(ctx: Context, run: Run): Promise<Reservation | undefined> {
  if (!ctx.budget) return undefined;
  const maxTokens = run.request.maxTokens ?? ctx.maxTokens;
  const reservation = await ctx.budget.reserve(
    run.request.user,
    estimatePromptTokens(run.request.messages) + maxTokens,
  );
  run.summary.budget = { used: reservation.used, limit: reservation.limit };
  return reservation;
}

/** The call's tokens reserved (undefined: no budget); null when refused, the answer finished. */
async function* admit(
  ctx: Context,
  run: Run,
): AsyncGenerator<RouterEvent, Reservation | null | undefined, undefined> {
  const reservation = await reserve(ctx, run);
  if (!reservation || reservation.allowed) return reservation;
  if (reservation.unavailable) {
    yield* finish(run, "unavailable");
  } else {
    ctx.metrics.budgetRejections.inc({ plan: run.request.user.plan });
    yield* finish(run, "budget_exhausted");
  }
  return null;
}

const NOTICE_OF: Partial<Record<RouteOutcome, NoticeCode>> = {
  interrupted: "interrupted",
  budget_exhausted: "budget_exhausted",
  unavailable: "unavailable",
  blocked: "blocked",
};

function* finish(
  run: Run,
  outcome: RouteOutcome,
  provider?: Provider,
): Generator<RouterEvent, void, undefined> {
  const { summary } = run;
  summary.outcome = outcome;
  if (provider) {
    summary.provider = provider.config.name;
    summary.model = provider.config.model;
    summary.kind = provider.config.kind;
  }
  run.finished = true;
  run.answers.inc({ task: run.request.task, outcome });
  summary.durationMs = performance.now() - run.started;
  const code = NOTICE_OF[outcome];
  if (code) yield { type: "notice", code, text: notice(code, run.request.language) };
  yield { type: "end", summary };
}

interface Attempted {
  result: AttemptResult;
  streamed: boolean;
}

/** Success closes a breaker, a failure counts against it, a cancelled or abandoned call neither. */
function settlePermit(permit: Permit, attempted: Attempted | undefined): void {
  if (attempted?.result.ok === true) permit.success();
  else if (attempted === undefined || attempted.result.failure.kind === "cancelled") permit.release();
  else permit.failure();
}

/** "done" when the answer has ended (well or not); "next" to try the next provider. */
async function* tryProvider(
  ctx: Context,
  run: Run,
  provider: Provider,
): AsyncGenerator<RouterEvent, "done" | "next", undefined> {
  for (let retry = 0; ; retry += 1) {
    const permit = provider.breaker.acquire();
    if (!permit) {
      record(ctx, run, { provider: provider.config.name, outcome: "breaker_open" });
      return "next";
    }
    let attempted: Attempted | undefined;
    try {
      attempted = yield* callProvider(ctx, run, provider);
    } finally {
      // A caller that stops reading mid-answer never gets here otherwise: its probe slot (if
      // the breaker is half-open) must come back. A permit settles once; later calls are no-ops.
      settlePermit(permit, attempted);
    }
    const { result, streamed } = attempted;
    if (result.ok) {
      yield* finish(run, "completed", provider);
      return "done";
    }
    const { failure } = result;
    if (failure.kind === "cancelled" || streamed) {
      yield* finish(run, failure.kind === "cancelled" ? "cancelled" : "interrupted", provider);
      return "done";
    }
    if (failure.kind === "total_timeout") return "next";
    const delay = retryDelay(failure, retry, ctx.retry);
    if (delay === null) return "next";
    await ctx.sleep(delay, run.stop);
    if (run.stop.aborted) return "next";
  }
}

function outcomeOf(result: AttemptResult, streamed: boolean): AttemptOutcome {
  if (result.ok) return "success";
  const { kind } = result.failure;
  if (kind === "cancelled" || kind === "first_token_timeout" || kind === "total_timeout") return kind;
  return streamed ? "interrupted" : "error";
}

function record(ctx: Context, run: Run, entry: AttemptRecord): void {
  run.summary.attempts.push(entry);
  ctx.metrics.requests.inc({ provider: entry.provider, task: run.request.task, outcome: entry.outcome });
}

const CANCELLED: AttemptResult = {
  ok: false,
  failure: { kind: "cancelled" },
  timeToFirstTokenMs: null,
  usage: null,
};

/** What the caller has seen of an attempt, and what came from upstream. */
interface Relay {
  streamed: boolean;
  received: string;
  result: AttemptResult | undefined;
}

/** Passes an attempt's pieces through the guard's restorer to the caller; keeps its outcome. */
async function* relay(
  run: Run,
  pieces: AsyncGenerator<string, AttemptResult>,
  restorer: Restorer,
  progress: Relay,
): AsyncGenerator<RouterEvent, void, undefined> {
  for (let step = await pieces.next(); ; step = await pieces.next()) {
    if (step.done === true) {
      progress.result = step.value;
      break;
    }
    progress.received += step.value;
    const text = restorer.push(step.value);
    if (text === "") continue;
    if (!progress.streamed) run.summary.timeToFirstTokenMs = performance.now() - run.started;
    progress.streamed = true;
    yield { type: "delta", text };
  }
  const tail = restorer.flush();
  if (tail !== "" && (progress.result.ok || progress.streamed)) {
    progress.streamed = true;
    yield { type: "delta", text: tail };
  }
}

/** One attempt: the guard's outbound view, the stream mapped back, the metrics and the tokens. */
async function* callProvider(
  ctx: Context,
  run: Run,
  provider: Provider,
): AsyncGenerator<RouterEvent, Attempted, undefined> {
  const { config } = provider;
  const outbound = ctx.guard.outbound(run.request.messages, config.kind);
  const started = performance.now();
  const progress: Relay = { streamed: false, received: "", result: undefined };
  const pieces = attempt({
    client: provider.client,
    model: config.model,
    messages: outbound.messages,
    maxTokens: run.request.maxTokens ?? ctx.maxTokens,
    maxTokensField:
      config.maxTokensField ?? (config.kind === "local" ? "max_tokens" : "max_completion_tokens"),
    firstTokenMs: config.firstTokenMs ?? ctx.firstTokenMs,
    cancel: run.request.signal,
    deadline: run.deadline,
  });
  try {
    yield* relay(run, pieces, outbound.restorer, progress);
  } finally {
    // Reached also when the caller stops reading: the attempt's own finally aborts the request.
    await pieces.return(CANCELLED);
    const result = progress.result ?? CANCELLED;
    const answered = progress.received !== "" || result.ok;
    account(ctx, run, provider, {
      result,
      streamed: progress.streamed,
      seconds: (performance.now() - started) / 1000,
      prompt: answered ? estimatePromptTokens(outbound.messages) : 0,
      completion: estimateTokens(progress.received),
    });
  }
  return { result: progress.result ?? CANCELLED, streamed: progress.streamed };
}

interface Accounting {
  result: AttemptResult;
  streamed: boolean;
  seconds: number;
  /** Estimates, used where the provider reported no usage. */
  prompt: number;
  completion: number;
}

function account(ctx: Context, run: Run, provider: Provider, accounting: Accounting): void {
  const { result, streamed, seconds } = accounting;
  const labels = { provider: provider.config.name, task: run.request.task };
  const entry: AttemptRecord = { provider: labels.provider, outcome: outcomeOf(result, streamed) };
  if (!result.ok && result.failure.kind === "status") entry.status = result.failure.status;
  record(ctx, run, entry);
  ctx.metrics.duration.observe(labels, seconds);
  if (result.timeToFirstTokenMs !== null)
    ctx.metrics.timeToFirstToken.observe(labels, result.timeToFirstTokenMs / 1000);
  const usage = result.usage ?? { prompt: accounting.prompt, completion: accounting.completion };
  const cost = costOf(usage, provider.config.costPer1k);
  ctx.metrics.tokens.inc({ provider: labels.provider, direction: "prompt" }, usage.prompt);
  ctx.metrics.tokens.inc({ provider: labels.provider, direction: "completion" }, usage.completion);
  ctx.metrics.cost.inc({ provider: labels.provider }, cost);
  run.summary.tokens.prompt += usage.prompt;
  run.summary.tokens.completion += usage.completion;
  run.summary.costUsd += cost;
}

async function collect(
  events: AsyncGenerator<RouterEvent, void, undefined>,
): Promise<{ text: string; notice: NoticeCode | null; summary: RouteSummary }> {
  let text = "";
  let code: NoticeCode | null = null;
  for await (const event of events) {
    if (event.type === "delta") text += event.text;
    else if (event.type === "notice") {
      code = event.code;
      text = text === "" ? event.text : `${text}\n\n${event.text}`;
    } else return { text, notice: code, summary: event.summary };
  }
  throw new Error("llm router: the answer ended without its summary");
}
