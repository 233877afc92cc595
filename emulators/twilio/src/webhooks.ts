// Twilio → application requests (inbound SMS, status callbacks): form-encoded, signed with
// X-Twilio-Signature over the URL as configured. A rewrite can deliver a public https URL to a
// local http listener while still signing the public URL, which is what a TLS-terminating
// gateway in front of the application looks like.
import { randomUUID } from "node:crypto";
import type { HttpMethod } from "./state.ts";
import { twilioSignature } from "./signature.ts";

export interface WebhookRewrite {
  /** URL prefix as configured at Twilio, e.g. https://sms.phoenix.example */
  from: string;
  /** Where requests for it really go, e.g. http://127.0.0.1:8003 */
  to: string;
}

export interface WebhookOptions {
  /** Twilio gives up after 15 s; default 15000. */
  timeoutMs: number;
  rewrites: readonly WebhookRewrite[];
}

export interface WebhookResult {
  url: string;
  /** Where the request was sent after rewrites. */
  deliveredTo: string;
  signature: string;
  /** null when no HTTP response arrived (connection refused, timeout). */
  status: number | null;
  body: string;
  contentType: string | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookRequest {
  url: string;
  method: HttpMethod;
  params: Record<string, string>;
  authToken: string;
}

const MAX_BODY = 64 * 1024;

export async function sendWebhook(request: WebhookRequest, options: WebhookOptions): Promise<WebhookResult> {
  const { method, params, authToken } = request;
  // GET carries the params in the query, and the signature covers that full URL alone.
  const url = method === "GET" ? withQuery(request.url, params) : request.url;
  const signature = twilioSignature(authToken, url, method === "GET" ? {} : params);
  const deliveredTo = rewrite(url, options.rewrites);
  const started = performance.now();
  const base = { url, deliveredTo, signature };
  try {
    const response = await fetch(deliveredTo, {
      method,
      headers: headersFor(url, deliveredTo, signature, method),
      body: method === "POST" ? new URLSearchParams(params).toString() : null,
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: "manual",
    });
    const body = (await response.text()).slice(0, MAX_BODY);
    const durationMs = performance.now() - started;
    const contentType = response.headers.get("content-type");
    return { ...base, status: response.status, body, contentType, error: null, durationMs };
  } catch (err) {
    const error = err instanceof Error ? describeError(err) : String(err);
    return {
      ...base,
      status: null,
      body: "",
      contentType: null,
      error,
      durationMs: performance.now() - started,
    };
  }
}

function headersFor(url: string, deliveredTo: string, signature: string, method: HttpMethod): Headers {
  const headers = new Headers({
    "x-twilio-signature": signature,
    "user-agent": "TwilioProxy/1.1",
    accept: "*/*",
    "i-twilio-idempotency-token": randomUUID(),
  });
  if (method === "POST") headers.set("content-type", "application/x-www-form-urlencoded");
  if (deliveredTo !== url) {
    const original = new URL(url);
    headers.set("x-forwarded-proto", original.protocol.replace(":", ""));
    headers.set("x-forwarded-host", original.host);
  }
  return headers;
}

function withQuery(url: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  if (!query) return url;
  return url + (url.includes("?") ? "&" : "?") + query;
}

export function rewrite(url: string, rewrites: readonly WebhookRewrite[]): string {
  const rule = rewrites.find(({ from }) => url.startsWith(from));
  return rule ? rule.to + url.slice(rule.from.length) : url;
}

/** "https://a=http://b,https://c=http://d" → rewrites (the WEBHOOK_REWRITES variable). */
export function parseRewrites(spec: string | undefined): WebhookRewrite[] {
  if (!spec) return [];
  return spec
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const index = pair.indexOf("=");
      if (index <= 0) throw new Error(`invalid webhook rewrite ${JSON.stringify(pair)}: expected from=to`);
      return { from: pair.slice(0, index), to: pair.slice(index + 1) };
    });
}

function describeError(err: Error): string {
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return err.name === "TimeoutError" ? "timed out" : `${err.message}${cause}`;
}
