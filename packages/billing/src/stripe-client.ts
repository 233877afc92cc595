// The official `stripe` client, pointed at Stripe or, locally and in tests, at the emulator.
import Stripe from "stripe";

/** `apiUrl`: default Stripe's API; e.g. the emulator's http://127.0.0.1:port. */
export function stripeClient(secretKey: string, apiUrl: string | undefined): Stripe {
  const url = apiUrl ? new URL(apiUrl) : undefined;
  return new Stripe(secretKey, {
    maxNetworkRetries: 2,
    timeout: 10_000,
    ...(url && {
      host: url.hostname,
      port: Number(url.port || (url.protocol === "https:" ? 443 : 80)),
      protocol: url.protocol === "https:" ? "https" : "http",
    }),
  });
}
