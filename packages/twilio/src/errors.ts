// Every failed Twilio call becomes a TwilioApiError that says whether retrying can help. The
// client never retries: the operator's work queue and the workers' BullMQ backoff own that.

/** Why the call failed: Twilio answered with an error, no answer in time, no answer at all, or an answer we cannot read. */
export type TwilioFailureKind = "http" | "timeout" | "network" | "malformed";

export interface TwilioApiErrorInit {
  operation: string;
  kind: TwilioFailureKind;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  code?: number | undefined;
  moreInfo?: string | undefined;
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

export class TwilioApiError extends Error {
  readonly operation: string;
  readonly kind: TwilioFailureKind;
  /** HTTP status; 0 when no response arrived (timeout, network error). */
  readonly status: number;
  /** Twilio's error code (21422, 20003, 20429, …) when the body carried one. */
  readonly code: number | undefined;
  readonly moreInfo: string | undefined;
  /** 429, 5xx, timeouts and network errors: the same request may succeed later. */
  readonly retryable: boolean;
  /** From Retry-After, when Twilio (or a proxy in front of it) sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, init: TwilioApiErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = "TwilioApiError";
    this.operation = init.operation;
    this.kind = init.kind;
    this.status = init.status;
    this.code = init.code;
    this.moreInfo = init.moreInfo;
    this.retryable = isRetryable(init.kind, init.status);
    this.retryAfterMs = init.retryAfterMs;
  }
}

function isRetryable(kind: TwilioFailureKind, status: number): boolean {
  if (kind === "timeout" || kind === "network") return true;
  // A malformed 2xx is a contract problem that repeating the call will not fix.
  if (kind === "malformed" && status < 500) return false;
  return status === 429 || status >= 500;
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
