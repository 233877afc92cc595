// X-Twilio-Signature, computed exactly as Twilio does (twilio-node src/webhooks/webhooks.ts):
// base64(HMAC-SHA1(authToken, url + for each param name in sorted order: name + value)).
// A multi-valued param contributes each of its de-duplicated, sorted values.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type SignedParams = Readonly<Record<string, string | readonly string[]>>;

export function twilioSignature(authToken: string, url: string, params: SignedParams = {}): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name] ?? "";
    if (typeof value === "string") {
      data += name + value;
      continue;
    }
    for (const item of [...new Set(value)].sort()) data += name + item;
  }
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** Constant-time check of a received signature against the expected one. */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: SignedParams = {},
): boolean {
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const received = Buffer.from(signature);
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** For JSON bodies Twilio appends bodySHA256=<this> to the URL and signs the URL alone. */
export function bodySha256(rawBody: string): string {
  return createHash("sha256").update(rawBody, "utf8").digest("hex");
}
