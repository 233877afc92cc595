// X-Twilio-Signature for the SMS webhook and status callbacks, as Twilio computes it (twilio-node
// src/webhooks/webhooks.ts): base64(HMAC-SHA1(authToken, url + name + value for each param, in
// sorted name order)); a multi-valued param contributes each de-duplicated, sorted value. Our own
// copy: production code never imports the emulator, and tests cross-check the two.
import { createHmac, timingSafeEqual } from "node:crypto";

export type SignedParams = Readonly<Record<string, string | readonly string[]>>;

export interface TwilioSignatureCheck {
  authToken: string;
  /**
   * The URL exactly as configured at Twilio (scheme, host, port if any, path, query), not as this
   * process saw it: behind TLS termination the request arrives as http on another host. The same
   * URL with the scheme's default port added or removed validates too (signedUrlForms).
   */
  url: string;
  /**
   * The POST form params, all of them as received; {} (the default) for GET, whose params are in
   * the URL. Untrusted input: anything that is not a form (an object whose values are strings or
   * arrays of strings) never validates, and never throws.
   */
  params?: unknown;
  /** The X-Twilio-Signature header; a missing (or non-string) header never validates. */
  signature: unknown;
}

export function twilioSignature(authToken: string, url: string, params: SignedParams = {}): string {
  let data = url;
  // Code-unit order, like Twilio's Object.keys(...).sort().
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? "";
    const values = typeof value === "string" ? [value] : [...new Set(value)].sort();
    for (const item of values) data += name + item;
  }
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** True for what a form parser can produce: an object of strings and arrays of strings. */
export function isSignedParams(value: unknown): value is SignedParams {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (item) =>
      typeof item === "string" || (Array.isArray(item) && item.every((entry) => typeof entry === "string")),
  );
}

const defaultPorts: Readonly<Record<string, string>> = { http: "80", https: "443" };
// scheme :// [userinfo@] host [:port] rest — host may be an IPv6 literal in brackets.
const URL_PARTS =
  /^([A-Za-z][A-Za-z0-9+.-]*):\/\/((?:[^@/?#]*@)?)(\[[^\]/?#]*\]|[^:/?#]*)(?::([0-9]+))?([/?#].*)?$/s;

/**
 * The URLs a webhook to `url` may have been signed over: `url` itself, and the same URL with the
 * scheme's default port (https 443, http 80) added when it has none or removed when it has it —
 * Twilio signs either form, and its own validators accept both. Any other port is part of the
 * address and is never dropped.
 */
export function signedUrlForms(url: string): string[] {
  const parts = URL_PARTS.exec(url);
  if (!parts) return [url];
  const [, scheme = "", userinfo = "", host = "", port, rest = ""] = parts;
  const defaultPort = defaultPorts[scheme.toLowerCase()];
  if (!defaultPort || !host) return [url];
  if (port === undefined) return [url, `${scheme}://${userinfo}${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${userinfo}${host}${rest}`];
  return [url];
}

/** Constant-time check of a received X-Twilio-Signature, over every form of the URL. */
export function validateTwilioSignature({
  authToken,
  url,
  params = {},
  signature,
}: TwilioSignatureCheck): boolean {
  if (typeof signature !== "string" || !signature || !authToken || !isSignedParams(params)) return false;
  const received = Buffer.from(signature);
  let valid = false;
  // Every form is computed and compared (no early exit), so the time taken does not say which matched.
  for (const form of signedUrlForms(url)) {
    const expected = Buffer.from(twilioSignature(authToken, form, params));
    // The expected length is public (a SHA-1 digest in base64), so this length check leaks nothing.
    const same = expected.length === received.length && timingSafeEqual(expected, received);
    valid = same || valid;
  }
  return valid;
}
