// For tests of the emulator and of the components that use Stripe: an emulator listening on
// 127.0.0.1:0 with the official client and the control client pointed at it, and a local
// receiver standing in for an application's webhook endpoint.
//   const stripe = await startStripeEmulator();
//   const session = await stripe.client().checkout.sessions.create({ … });
//   await stripe.control.completeCheckout(session.id);
//   await stripe.close();
// It imports the stripe package at run time (the emulator's devDependency; the API's dependency).
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import Stripe from "stripe";
import { buildApp } from "./app.ts";
import type { EmulatorOptions } from "./app.ts";
import { createControlClient } from "./control-client.ts";
import type { StripeControlClient } from "./control-client.ts";
import { createState } from "./state.ts";
import type { StateSeed, StripeState } from "./state.ts";

export const TEST_SECRET_KEY = "sk_test_phoenix_emulator_0123456789abcdef";

export interface StartOptions extends EmulatorOptions {
  /** Default TEST_SECRET_KEY; ignored when `state` is given. */
  secretKey?: string;
  /** Seed (webhook endpoints…) when `state` is not given. */
  seed?: Partial<StateSeed>;
}

export interface StripeEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  secretKey: string;
  control: StripeControlClient;
  /** The official client pointed at the emulator; `config` adds to or overrides its options. */
  client(config?: Stripe.StripeConfig): Stripe;
  close(): Promise<void>;
  /** The app and its state, for tests that look inside. */
  app: FastifyInstance;
  state: StripeState;
}

export async function startStripeEmulator(options: StartOptions = {}): Promise<StripeEmulator> {
  const { secretKey = TEST_SECRET_KEY, seed, ...appOptions } = options;
  const state = options.state ?? createState({ ...seed, secretKey });
  // Retries every 20 ms by default: a test waits milliseconds for a redelivery, not seconds.
  const app = buildApp({ webhookRetryDelaysMs: [20, 40, 80], webhookTimeoutMs: 2000, ...appOptions, state });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    port,
    secretKey: state.seed.secretKey,
    control: createControlClient(url),
    client: (config = {}) =>
      new Stripe(state.seed.secretKey, {
        host: "127.0.0.1",
        port,
        protocol: "http",
        telemetry: false,
        ...config,
      }),
    close: () => app.close(),
    app,
    state,
  };
}

export interface ReceivedWebhook {
  /** The raw body, exactly as signed. */
  body: string;
  headers: IncomingHttpHeaders;
  path: string;
}

export interface WebhookReceiver {
  /** The endpoint URL to register, e.g. http://127.0.0.1:40123/stripe/webhook */
  url: string;
  received: ReceivedWebhook[];
  /** Answers with these statuses in turn, then 200; e.g. [500, 500] fails two attempts. */
  failNext(...statuses: number[]): void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/stripe/webhook"): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const statuses: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        body: Buffer.concat(chunks).toString("utf8"),
        headers: request.headers,
        path: request.url ?? "",
      });
      const status = statuses.shift() ?? 200;
      response
        .writeHead(status, { "content-type": "application/json" })
        .end(JSON.stringify({ received: status < 300 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    failNext: (...next) => statuses.push(...next),
    async waitFor(count, timeoutMs = 2000) {
      await waitUntil(() => received.length >= count, timeoutMs);
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Builder: a monthly recurring price with a product, findable by `lookupKey`. */
export function createMonthlyPrice(
  stripe: Stripe,
  { lookupKey = "premium_monthly", unitAmount = 999 }: { lookupKey?: string; unitAmount?: number } = {},
): Promise<Stripe.Price> {
  return stripe.prices.create({
    currency: "usd",
    unit_amount: unitAmount,
    recurring: { interval: "month" },
    product_data: { name: "Phoenix Premium" },
    lookup_key: lookupKey,
  });
}

/** Builder: the session Phoenix's API creates for a user (subscription mode, their metadata). */
export function createSubscriptionCheckout(
  stripe: Stripe,
  { customer, price, userId = "user_42" }: { customer: string; price: string; userId?: string },
): Promise<Stripe.Checkout.Session> {
  return stripe.checkout.sessions.create({
    mode: "subscription",
    customer,
    line_items: [{ price, quantity: 1 }],
    success_url: "https://app.phoenix.test/billing/done?session_id={CHECKOUT_SESSION_ID}",
    cancel_url: "https://app.phoenix.test/billing",
    client_reference_id: userId,
    metadata: { userId },
    subscription_data: { metadata: { userId } },
  });
}

/** Builder: a customer who went through checkout: an active subscription with a paid invoice. */
export async function subscribedCustomer(
  emulator: StripeEmulator,
  { userId = "user_42" }: { userId?: string } = {},
): Promise<{
  customer: Stripe.Customer;
  price: Stripe.Price;
  session: Stripe.Checkout.Session;
  subscription: Stripe.Subscription;
}> {
  const stripe = emulator.client();
  const customer = await stripe.customers.create({ email: `${userId}@phoenix.test`, metadata: { userId } });
  const price = await createMonthlyPrice(stripe, { lookupKey: `premium_${userId}` });
  const created = await createSubscriptionCheckout(stripe, {
    customer: customer.id,
    price: price.id,
    userId,
  });
  const { session, subscription } = await emulator.control.completeCheckout(created.id);
  return { customer, price, session, subscription };
}
