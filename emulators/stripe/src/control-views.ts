// How the control API shows the emulator's state: Stripe objects as the REST API serves them,
// our own records (deliveries) with ISO timestamps.
import type {
  CheckoutCompletion,
  DeliveryView,
  EventView,
  LifecycleResult,
  StateView,
} from "./control-schema.ts";
import type { Outcome } from "./billing.ts";
import { describeFaults } from "./faults.ts";
import type { DeliveryRecord, EventRecord, StripeState } from "./state.ts";

const iso = (ms: number): string => new Date(ms).toISOString();

export function deliveryView(delivery: DeliveryRecord): DeliveryView {
  return {
    ...delivery,
    attempts: delivery.attempts.map((attempt) => ({ ...attempt, at: iso(attempt.at) })),
    createdAt: iso(delivery.createdAt),
  };
}

export const eventView = (event: EventRecord): EventView => structuredClone(event) as EventView;

export function outcomeView(outcome: Outcome): LifecycleResult {
  return {
    subscription: outcome.subscription,
    invoice: outcome.invoice,
    events: outcome.events.map(eventView),
  };
}

export function completionView(
  outcome: Outcome & { session: CheckoutCompletion["session"] },
): CheckoutCompletion {
  return { ...outcomeView(outcome), session: outcome.session };
}

export function stateView(state: StripeState): StateView {
  return {
    customers: [...state.customers.values()],
    products: [...state.products.values()],
    prices: [...state.prices.values()],
    checkoutSessions: [...state.checkoutSessions.values()].map((record) => record.session),
    portalSessions: [...state.portalSessions.values()],
    subscriptions: [...state.subscriptions.values()],
    invoices: [...state.invoices.values()],
    events: [...state.events.values()].map(eventView),
    webhookEndpoints: [...state.webhookEndpoints.values()].map(({ endpoint, secret }) => ({
      ...endpoint,
      secret,
    })),
    deliveries: state.deliveries.map(deliveryView),
    delivery: { ...state.delivery },
    faults: describeFaults(state.faults),
    calls: Object.fromEntries(
      [...state.calls].map(([operation, stats]) => [operation, structuredClone(stats)]),
    ),
  };
}
