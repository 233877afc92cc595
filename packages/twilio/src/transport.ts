// One HTTP exchange with Twilio: Basic auth, form-encoded body, a deadline covering the whole
// response, JSON back, every failure classified as a TwilioApiError, and one onCall report per
// request so callers can count twilio_requests_total{operation,code}.
import { TwilioApiError, parseRetryAfter } from "./errors.ts";
import { MalformedResponseError } from "./resources.ts";

export type TwilioOperation =
  | "numbers.search"
  | "numbers.buy"
  | "numbers.list"
  | "numbers.fetch"
  | "numbers.update"
  | "numbers.release"
  | "messages.create"
  | "messages.list"
  | "messages.fetch"
  | "pricing.numbers.fetch";

/** What onCall receives: one per HTTP request (a paged list reports every page). */
export interface TwilioCall {
  operation: TwilioOperation;
  /** HTTP status; 0 when no response arrived (timeout, network error). */
  status: number;
  /** Twilio's error code, on failures whose body carried one. */
  code?: number;
  durationMs: number;
}

export interface TransportOptions {
  /** Without a trailing slash. */
  root: string;
  authorization: string;
  timeoutMs: number;
  fetch: typeof fetch;
  onCall: ((call: TwilioCall) => void) | undefined;
}

export type Params = Record<string, string | number | boolean | undefined>;

export interface RequestSpec {
  operation: TwilioOperation;
  method: "GET" | "POST" | "DELETE";
  /** Path from the base URL (/2010-04-01/…, or /v1/… on the pricing host); may carry a query (next_page_uri). */
  uri: string;
  query?: Params;
  form?: Params;
}

export type Send = <T>(spec: RequestSpec, parse: (body: unknown) => T) => Promise<T>;

export function createTransport(options: TransportOptions): Send {
  return async (spec, parse) => {
    const started = performance.now();
    const report = (status: number, code?: number): void => {
      notify(
        options.onCall,
        { operation: spec.operation, status, durationMs: performance.now() - started },
        code,
      );
    };
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(urlOf(options.root, spec), requestInit(options, spec));
      // The deadline also covers reading the body: a stalled response is a timeout too.
      text = await response.text();
    } catch (err) {
      report(0);
      throw noResponse(spec.operation, err, options.timeoutMs);
    }
    if (response.status < 200 || response.status >= 300) {
      const error = httpError(spec.operation, response, text);
      report(response.status, error.code);
      throw error;
    }
    report(response.status);
    return parseBody(spec.operation, response.status, text, parse);
  };
}

function notify(onCall: TransportOptions["onCall"], call: TwilioCall, code: number | undefined): void {
  if (!onCall) return;
  try {
    onCall(code === undefined ? call : { ...call, code });
  } catch {
    // A metrics hook must never turn a completed Twilio call into a failure: a purchase that
    // happened and then "failed" would be retried and buy a second number.
  }
}

function urlOf(root: string, spec: RequestSpec): string {
  const query = spec.query ? encode(spec.query) : "";
  if (query === "") return root + spec.uri;
  return root + spec.uri + (spec.uri.includes("?") ? "&" : "?") + query;
}

function requestInit(options: TransportOptions, spec: RequestSpec): RequestInit {
  const headers: Record<string, string> = {
    authorization: options.authorization,
    accept: "application/json",
  };
  let body: string | null = null;
  if (spec.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = encode(spec.form);
  }
  return {
    method: spec.method,
    headers,
    body,
    signal: AbortSignal.timeout(options.timeoutMs),
    // Twilio does not redirect; a redirect would only move credentials somewhere unexpected.
    redirect: "manual",
  };
}

/** Form or query encoding with Twilio's PascalCase names as given; undefined values are left out. */
export function encode(params: Params): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined) search.append(name, String(value));
  }
  return search.toString();
}

function noResponse(operation: TwilioOperation, err: unknown, timeoutMs: number): TwilioApiError {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return new TwilioApiError(`${operation}: no response from Twilio within ${timeoutMs} ms`, {
      operation,
      kind: "timeout",
      status: 0,
      cause: err,
    });
  }
  const detail = err instanceof Error ? describe(err) : String(err);
  return new TwilioApiError(`${operation}: request to Twilio failed: ${detail}`, {
    operation,
    kind: "network",
    status: 0,
    cause: err,
  });
}

function describe(err: Error): string {
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : err.message;
}

/** Twilio's error body is { code, message, more_info, status }; a proxy may send anything. */
function httpError(operation: TwilioOperation, response: Response, text: string): TwilioApiError {
  const body = tryJson(text);
  const code = typeof body?.["code"] === "number" ? body["code"] : undefined;
  const moreInfo = typeof body?.["more_info"] === "string" ? body["more_info"] : undefined;
  const detail =
    typeof body?.["message"] === "string" ? body["message"] : text.slice(0, 200) || response.statusText;
  const label = code === undefined ? `HTTP ${response.status}` : `HTTP ${response.status}, code ${code}`;
  return new TwilioApiError(`${operation}: ${label}: ${detail}`, {
    operation,
    kind: "http",
    status: response.status,
    code,
    moreInfo,
    retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
  });
}

function tryJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseBody<T>(
  operation: TwilioOperation,
  status: number,
  text: string,
  parse: (body: unknown) => T,
): T {
  try {
    return parse(text === "" ? undefined : JSON.parse(text));
  } catch (err) {
    if (!(err instanceof MalformedResponseError || err instanceof SyntaxError)) throw err;
    const detail = err instanceof SyntaxError ? "the body is not JSON" : err.message;
    throw new TwilioApiError(`${operation}: unexpected response from Twilio: ${detail}`, {
      operation,
      kind: "malformed",
      status,
      cause: err,
    });
  }
}
