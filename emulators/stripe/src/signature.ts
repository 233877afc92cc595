// Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the
// endpoint's whsec_… secret>. stripe.webhooks.constructEvent verifies exactly this.
import { createHmac } from "node:crypto";

export function signPayload(secret: string, payload: string, timestamp: number): string {
  return createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
}

export function stripeSignatureHeader(secret: string, payload: string, timestamp: number): string {
  return `t=${timestamp},v1=${signPayload(secret, payload, timestamp)}`;
}
