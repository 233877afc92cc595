// Delivers events to the registered webhook endpoints: one delivery per event and matching
// endpoint, POSTed as JSON with Stripe-Signature, retried with backoff until it gets a 2xx or the
// attempts run out. Deliveries can be held and released, and a batch (the events one change
// caused, or everything released at once) can go out reversed or shuffled, since Stripe does not
// promise order. Each endpoint gets deliveries one at a time, in order unless told otherwise.
import type { EmulatorContext } from "./context.ts";
import { stripeSignatureHeader } from "./signature.ts";
import type {
  DeliveryControl,
  DeliveryRecord,
  EventRecord,
  StripeState,
  WebhookEndpointRecord,
} from "./state.ts";
import { DELIVERY_HISTORY } from "./state.ts";
import { newId, unixSeconds } from "./stripe-format.ts";

export function matchingEndpoints(state: StripeState, type: string): WebhookEndpointRecord[] {
  return [...state.webhookEndpoints.values()].filter(
    ({ endpoint }) =>
      endpoint.status === "enabled" &&
      (endpoint.enabled_events.includes("*") || endpoint.enabled_events.includes(type)),
  );
}

export interface DispatchTarget {
  /** Only this endpoint, whatever events it is enabled for (a redelivery). Default: every match. */
  endpointId?: string;
  replay?: boolean;
}

/** Creates the deliveries of `events` and sends them as one batch, unless deliveries are held. */
export function dispatch(
  ctx: EmulatorContext,
  events: EventRecord[],
  target: DispatchTarget = {},
): DeliveryRecord[] {
  const { state } = ctx;
  const deliveries: DeliveryRecord[] = [];
  for (const event of events) {
    const endpoints = target.endpointId
      ? [state.webhookEndpoints.get(target.endpointId)].filter((record) => record !== undefined)
      : matchingEndpoints(state, event.type);
    for (const { endpoint } of endpoints) {
      deliveries.push({
        id: newId("whdel"),
        eventId: event.id,
        eventType: event.type,
        endpointId: endpoint.id,
        url: endpoint.url,
        replay: target.replay ?? false,
        status: state.delivery.held ? "held" : "pending",
        attempts: [],
        createdAt: ctx.clock.now(),
      });
    }
  }
  state.deliveries.push(...deliveries);
  if (state.deliveries.length > DELIVERY_HISTORY)
    state.deliveries.splice(0, state.deliveries.length - DELIVERY_HISTORY);
  if (!state.delivery.held) sendBatch(ctx, deliveries);
  return deliveries;
}

/** Sends everything held, as one batch; deliveries stay unheld afterwards. */
export function release(ctx: EmulatorContext): DeliveryRecord[] {
  ctx.state.delivery.held = false;
  const held = ctx.state.deliveries.filter((delivery) => delivery.status === "held");
  for (const delivery of held) delivery.status = "pending";
  sendBatch(ctx, held);
  return held;
}

function sendBatch(ctx: EmulatorContext, deliveries: DeliveryRecord[]): void {
  if (deliveries.length === 0) return;
  const ordered = ordering(ctx.state.delivery, deliveries);
  for (const [endpointId, queue] of Map.groupBy(ordered, (delivery) => delivery.endpointId)) {
    // Each endpoint gets its deliveries one at a time, batch after batch, in creation order
    // unless reordered; only retries, scheduled on their own, overtake.
    const tail = ctx.deliveryQueues.get(endpointId) ?? Promise.resolve();
    const next = tail.then(async () => {
      for (const delivery of queue) await attempt(ctx, delivery);
    });
    const settled = next.catch((err: unknown) => {
      ctx.log.error({ err }, "stripe emulator webhook delivery failed");
    });
    ctx.deliveryQueues.set(endpointId, settled);
  }
}

function sendOne(ctx: EmulatorContext, delivery: DeliveryRecord): void {
  void attempt(ctx, delivery).catch((err: unknown) => {
    ctx.log.error({ err }, "stripe emulator webhook retry failed");
  });
}

/** The batch in the order set through the control API, which then counts one batch used. */
function ordering(control: DeliveryControl, deliveries: DeliveryRecord[]): DeliveryRecord[] {
  if (control.order === "in-order") return deliveries;
  const ordered = control.order === "reverse" ? deliveries.toReversed() : shuffled(deliveries);
  if (control.orderBatches !== null) {
    control.orderBatches -= 1;
    if (control.orderBatches <= 0) {
      control.order = "in-order";
      control.orderBatches = null;
    }
  }
  return ordered;
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

async function attempt(ctx: EmulatorContext, delivery: DeliveryRecord): Promise<void> {
  const { state } = ctx;
  const event = state.events.get(delivery.eventId);
  const endpoint = state.webhookEndpoints.get(delivery.endpointId);
  if (!event || !endpoint) {
    delivery.status = "failed";
    delivery.attempts.push({ at: ctx.clock.now(), status: null, error: "endpoint deleted", durationMs: 0 });
    return;
  }
  const lifetime = ctx.lifetime.signal;
  const outcome = await post(ctx, endpoint, event, lifetime);
  delivery.attempts.push(outcome);
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    delivery.status = "succeeded";
    if (!delivery.replay) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
    return;
  }
  const delay = ctx.webhooks.retryDelaysMs[delivery.attempts.length - 1];
  // A reset or close aborted it: the emulator has moved on, so no retry.
  if (delay === undefined || lifetime.aborted) {
    delivery.status = "failed";
    return;
  }
  delivery.status = "retrying";
  ctx.lifetime.after(delay, () => {
    if (state.delivery.held) delivery.status = "held";
    else sendOne(ctx, delivery);
  });
}

async function post(
  ctx: EmulatorContext,
  { endpoint, secret }: WebhookEndpointRecord,
  event: EventRecord,
  lifetime: AbortSignal,
): Promise<DeliveryRecord["attempts"][number]> {
  const at = ctx.clock.now();
  const payload = JSON.stringify(event, null, 2);
  const started = performance.now();
  try {
    const response = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "content-type": "application/json; charset=utf-8",
        "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        accept: "*/*; q=0.5, application/xml",
        "cache-control": "no-cache",
        "stripe-signature": stripeSignatureHeader(secret, payload, unixSeconds(at)),
      },
      body: payload,
      redirect: "manual",
      signal: AbortSignal.any([lifetime, AbortSignal.timeout(ctx.webhooks.timeoutMs)]),
    });
    // Stripe reads (and ignores) the answer; draining it frees the connection.
    await response.arrayBuffer();
    return { at, status: response.status, error: null, durationMs: performance.now() - started };
  } catch (err) {
    return { at, status: null, error: describeError(err), durationMs: performance.now() - started };
  }
}

function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === "TimeoutError") return "timed out";
  if (err.name === "AbortError") return "aborted";
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`;
}
