// A typed client of the control API, for tests and scripts of other components:
//   const stripe = createControlClient("http://127.0.0.1:12111");
//   const { subscription } = await stripe.completeCheckout(session.id);
//   await stripe.addFaults({ failures: [{ operation: "PostCheckoutSessions", status: 429 }] });
import { ControlApiError } from "@phoenix/kernel/emulator";
import type { WaitOptions } from "@phoenix/kernel/emulator";
import type {
  CancelRequest,
  CheckoutCompletion,
  DeliveriesQuery,
  DeliveryControlView,
  DeliveryRequest,
  DeliveryView,
  FaultsRequest,
  LifecycleResult,
  RedeliverRequest,
  StateView,
  SubscriptionPatchRequest,
  WebhookEndpointRequest,
  WebhookEndpointView,
} from "./control-schema.ts";

export type {
  CancelRequest,
  CheckoutCompletion,
  DeliveriesQuery,
  DeliveryControlView,
  DeliveryRequest,
  DeliveryView,
  EventView,
  FailureRequest,
  FaultsRequest,
  LifecycleResult,
  RedeliverRequest,
  StateView,
  SubscriptionPatchRequest,
  WebhookEndpointRequest,
  WebhookEndpointView,
} from "./control-schema.ts";

export { ControlApiError } from "@phoenix/kernel/emulator";
export type { WaitOptions } from "@phoenix/kernel/emulator";

export interface StripeControlClient {
  readonly baseUrl: string;
  /** Customers, subscriptions, invoices, events (oldest first), endpoints with secrets, deliveries… */
  state(): Promise<StateView>;
  /** Forgets everything but the seeded webhook endpoints; cancels pending retries. */
  reset(): Promise<void>;
  /** The customer pays: checkout.session.completed, customer.subscription.created, invoice.paid. */
  completeCheckout(sessionId: string): Promise<CheckoutCompletion>;
  /** The period ends and payment succeeds (or a past_due subscription's open invoice is paid). */
  renew(subscriptionId: string): Promise<LifecycleResult>;
  /** The next payment fails: invoice.payment_failed, then the subscription goes past_due. */
  failPayment(subscriptionId: string): Promise<LifecycleResult>;
  /** Now (customer.subscription.deleted), or at period end (customer.subscription.updated). */
  cancel(subscriptionId: string, options?: CancelRequest): Promise<LifecycleResult>;
  /** A change made outside the application (portal, dashboard): customer.subscription.updated. */
  updateSubscription(subscriptionId: string, patch: SubscriptionPatchRequest): Promise<LifecycleResult>;
  /** Registers an endpoint out of band, e.g. with the secret the application is configured with. */
  createWebhookEndpoint(endpoint: WebhookEndpointRequest): Promise<WebhookEndpointView>;
  /** Sends the event again (same id, fresh signature) to every matching endpoint, or one. */
  redeliver(eventId: string, options?: RedeliverRequest): Promise<DeliveryView[]>;
  deliveries(query?: DeliveriesQuery): Promise<DeliveryView[]>;
  /** Polls until deliveries match `query` and `accept` (default: at least one, all settled). */
  waitForDeliveries(
    query: DeliveriesQuery,
    options?: WaitOptions & { accept?: (deliveries: DeliveryView[]) => boolean },
  ): Promise<DeliveryView[]>;
  /** Hold, release, or reorder deliveries. */
  setDelivery(delivery: DeliveryRequest): Promise<DeliveryControlView & { released: number }>;
  hold(): Promise<DeliveryControlView & { released: number }>;
  /** Sends everything held, as one batch (in the order set, if any). */
  release(): Promise<DeliveryControlView & { released: number }>;
  /** Adds failure rules and sets latency. */
  addFaults(faults: FaultsRequest): Promise<unknown>;
  clearFaults(): Promise<void>;
}

const settled = (deliveries: DeliveryView[]): boolean =>
  deliveries.length > 0 &&
  deliveries.every((delivery) => delivery.status === "succeeded" || delivery.status === "failed");

export function createControlClient(baseUrl: string, fetchImpl: typeof fetch = fetch): StripeControlClient {
  const root = baseUrl.replace(/\/+$/, "");

  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetchImpl(`${root}/_control${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new ControlApiError(response.status, text, `${method} /_control${path}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const deliveries = (query: DeliveriesQuery = {}): Promise<DeliveryView[]> => {
    return call("GET", `/deliveries${queryString(query)}`);
  };
  const subscription = (id: string, action: string) => `/subscriptions/${encodeURIComponent(id)}/${action}`;

  return {
    baseUrl: root,
    state: () => call("GET", "/state"),
    reset: () => call("POST", "/reset"),
    completeCheckout: (id) => call("POST", `/checkout/sessions/${encodeURIComponent(id)}/complete`),
    renew: (id) => call("POST", subscription(id, "renew")),
    failPayment: (id) => call("POST", subscription(id, "fail-payment")),
    cancel: (id, options = {}) => call("POST", subscription(id, "cancel"), options),
    updateSubscription: (id, patch) => call("PATCH", `/subscriptions/${encodeURIComponent(id)}`, patch),
    createWebhookEndpoint: (endpoint) => call("POST", "/webhook-endpoints", endpoint),
    redeliver: (id, options = {}) => call("POST", `/events/${encodeURIComponent(id)}/redeliver`, options),
    deliveries,
    async waitForDeliveries(query, { timeoutMs = 5000, intervalMs = 20, accept = settled } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = await deliveries(query);
        if (accept(found)) return found;
        if (Date.now() >= deadline) {
          throw new Error(
            `deliveries matching ${JSON.stringify(query)} not there within ${timeoutMs} ms: ${JSON.stringify(found)}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    setDelivery: (delivery) => call("PUT", "/delivery", delivery),
    hold: () => call("PUT", "/delivery", { hold: true }),
    release: () => call("PUT", "/delivery", { hold: false }),
    addFaults: (faults) => call("POST", "/faults", faults),
    clearFaults: () => call("DELETE", "/faults"),
  };
}

/** `?key=value&…` for the fields of `query` that are set; "" when none is. */
function queryString(query: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, value);
  return search.size > 0 ? `?${search.toString()}` : "";
}
