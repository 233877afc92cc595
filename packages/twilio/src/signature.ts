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
   * process saw it: behind TLS termination the request arrives as http on another host.
   */
  url: string;
  /** The POST form params, all of them as received; {} (the default) for GET, whose params are in the URL. */
  params?: SignedParams;
  /** The X-Twilio-Signature header; a missing header never validates. */
  signature: string | undefined;
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

/** Constant-time check of a received X-Twilio-Signature. */
export function validateTwilioSignature({
  authToken,
  url,
  params = {},
  signature,
}: TwilioSignatureCheck): boolean {
  if (!signature || !authToken) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const received = Buffer.from(signature);
  // The expected length is public (a SHA-1 digest in base64), so this early exit leaks nothing.
  return expected.length === received.length && timingSafeEqual(expected, received);
}
