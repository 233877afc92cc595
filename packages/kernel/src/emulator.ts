// What the SaaS emulators (emulators/twilio, emulators/stripe) have in common, written once:
// per-operation settings with a "*" fallback, "fail the Nth call" rules, the REST and control
// APIs mounted side by side, and the control client's error and polling options.
import type { FastifyInstance } from "fastify";

/** Matches every operation. */
export const ANY_OPERATION = "*";

/** The setting for `operation`, else the "*" one, else 0 (latencies, response delays). */
export function perOperation(settings: Map<string, number>, operation: string): number {
  return settings.get(operation) ?? settings.get(ANY_OPERATION) ?? 0;
}

/** Sets the values named (0 removes one), keeping the others. */
export function setPerOperation(settings: Map<string, number>, changes: Record<string, number>): void {
  for (const [operation, value] of Object.entries(changes)) {
    if (value === 0) settings.delete(operation);
    else settings.set(operation, value);
  }
}

/** The part of a failure rule that decides which calls it fails. */
export interface CallRule {
  /** The emulated API's operationId, or "*". */
  operation: string;
  /** Matching calls still to let through before this rule fires. */
  skip: number;
  /** Matching calls this rule still fails. */
  remaining: number;
}

export interface CallRuleSpec {
  /** Default "*". */
  operation?: string;
  /** Fail starting with the Nth matching call from now (1 = the next one); default 1. */
  nth?: number;
  /** How many matching calls fail; default 1. */
  count?: number;
}

export function callRule(spec: CallRuleSpec): CallRule {
  return {
    operation: spec.operation ?? ANY_OPERATION,
    skip: Math.max(0, (spec.nth ?? 1) - 1),
    remaining: spec.count ?? 1,
  };
}

/**
 * Counts this call against every matching rule (a rule still skipping lets it through) and
 * returns the first rule that fires, if any; spent rules are dropped from `rules` in place.
 */
export function takeRule<R extends CallRule>(rules: R[], operation: string): R | undefined {
  let fired: R | undefined;
  for (const rule of rules) {
    if (rule.operation !== operation && rule.operation !== ANY_OPERATION) continue;
    if (rule.skip > 0) rule.skip -= 1;
    else if (!fired) {
      fired = rule;
      rule.remaining -= 1;
    }
  }
  if (fired) {
    const live = rules.filter((rule) => rule.remaining > 0);
    rules.splice(0, rules.length, ...live);
  }
  return fired;
}

type Api = [prefix: string, register: (scope: FastifyInstance) => void];

/**
 * Registers the emulated REST API, the control API and any other API of the service (Twilio's
 * Pricing API lives on a host of its own), each under its own prefix, so each keeps its own error
 * and not-found handlers.
 */
export function mountApis(
  app: FastifyInstance,
  apis: { rest: Api; control: Api } & Record<string, Api>,
): void {
  for (const [prefix, register] of Object.values(apis)) {
    app.register(
      (scope, _options, done) => {
        register(scope);
        done();
      },
      { prefix },
    );
  }
}

/** A control API call that did not answer 2xx. */
export class ControlApiError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string, what: string) {
    super(`${what} failed with HTTP ${status}: ${body}`);
    this.name = "ControlApiError";
    this.status = status;
    this.body = body;
  }
}

export interface WaitOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Default 20 ms. */
  intervalMs?: number;
}
