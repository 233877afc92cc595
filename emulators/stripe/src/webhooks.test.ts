import Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeEmulator, WebhookReceiver } from "./testing.ts";
import { startStripeEmulator, startWebhookReceiver, subscribedCustomer, waitUntil } from "./testing.ts";

let emulator: StripeEmulator;
let stripe: Stripe;
let receiver: WebhookReceiver;

beforeEach(async () => {
  emulator = await startStripeEmulator();
  stripe = emulator.client();
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await emulator.close();
  await receiver.close();
});

async function endpoint(events: Stripe.WebhookEndpointCreateParams.EnabledEvent[] = ["*"]) {
  const created = await stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: events });
  return { id: created.id, secret: created.secret! };
}

const typesReceived = (): string[] =>
  receiver.received.map((request) => (JSON.parse(request.body) as { type: string }).type);

describe("signed delivery", () => {
  it("signs every event so that stripe.webhooks.constructEvent accepts it", async () => {
    const { secret } = await endpoint();
    const { subscription } = await subscribedCustomer(emulator);

    const received = await receiver.waitFor(3);
    const events = received.map(({ body, headers }) =>
      stripe.webhooks.constructEvent(body, String(headers["stripe-signature"]), secret),
    );
    expect(events.map((event) => event.type)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
    const created = events[1] as Stripe.CustomerSubscriptionCreatedEvent;
    expect(created.data.object.id).toBe(subscription.id);
    expect(received[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(received[0]?.headers["user-agent"]).toMatch(/^Stripe\/1\.0/);
    expect(String(received[0]?.headers["stripe-signature"])).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it("rejects a tampered payload and a wrong secret", async () => {
    const { secret } = await endpoint();
    await subscribedCustomer(emulator);
    const [first] = await receiver.waitFor(1);
    const body = first!.body;
    const signature = String(first!.headers["stripe-signature"]);

    const tampered = body.replace('"livemode": false', '"livemode": true');
    expect(tampered).not.toBe(body);
    expect(() => stripe.webhooks.constructEvent(tampered, signature, secret)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => stripe.webhooks.constructEvent(body, signature, "whsec_someone_else")).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });

  it("delivers Stripe's event object, stamped with the API request that caused it", async () => {
    await endpoint();
    const { subscription } = await subscribedCustomer(emulator);
    await stripe.subscriptions.update(
      subscription.id,
      { cancel_at_period_end: true },
      { idempotencyKey: "cancel-1" },
    );

    const received = await receiver.waitFor(4);
    const fromControl = JSON.parse(received[0]!.body) as Stripe.Event;
    const fromApi = JSON.parse(received[3]!.body) as Stripe.CustomerSubscriptionUpdatedEvent;
    expect(fromControl).toMatchObject({
      object: "event",
      api_version: "2026-10-28.endive",
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
    });
    expect(fromControl.id).toMatch(/^evt_/);
    expect(fromApi).toMatchObject({
      type: "customer.subscription.updated",
      request: { idempotency_key: "cancel-1" },
      data: {
        object: { id: subscription.id, cancel_at_period_end: true },
        previous_attributes: { cancel_at_period_end: false },
      },
    });
    expect(fromApi.request?.id).toMatch(/^req_/);
    await waitUntil(() => emulator.state.events.get(fromApi.id)?.pending_webhooks === 0);
    expect((await stripe.events.retrieve(fromApi.id)).pending_webhooks).toBe(0);
  });

  it("delivers only the events an endpoint is enabled for", async () => {
    await endpoint(["invoice.paid", "invoice.payment_failed"]);
    const { subscription } = await subscribedCustomer(emulator);
    await emulator.control.failPayment(subscription.id);

    // A delivery is recorded when its event is created, so these two are all there will be.
    expect(emulator.state.events.size).toBeGreaterThan(2);
    expect(emulator.state.deliveries.map((delivery) => delivery.eventType)).toEqual([
      "invoice.paid",
      "invoice.payment_failed",
    ]);
    await waitUntil(() => emulator.state.deliveries.every((delivery) => delivery.status === "succeeded"));
    expect(typesReceived()).toEqual(["invoice.paid", "invoice.payment_failed"]);
  });

  it("stops delivering to a deleted endpoint", async () => {
    const { id } = await endpoint();
    const deleted = await stripe.webhookEndpoints.del(id);
    expect(deleted).toMatchObject({ id, object: "webhook_endpoint", deleted: true });
    await subscribedCustomer(emulator);
    // Events happened, and not one delivery was even created (it would be, synchronously).
    expect(emulator.state.events.size).toBeGreaterThan(0);
    expect(emulator.state.deliveries).toEqual([]);
    expect(receiver.received).toEqual([]);
  });

  it("shows the secret only when the endpoint is created", async () => {
    const { id, secret } = await endpoint();
    expect(secret).toMatch(/^whsec_/);
    const listed = await stripe.webhookEndpoints.list();
    expect(listed.data.map((item) => [item.id, item.secret])).toEqual([[id, undefined]]);
    expect((await stripe.webhookEndpoints.retrieve(id)).secret).toBeUndefined();
  });
});

describe("retries", () => {
  it("retries a failed delivery with backoff until the endpoint answers 2xx", async () => {
    await endpoint(["invoice.paid"]);
    receiver.failNext(500, 503);
    await subscribedCustomer(emulator);

    const [delivery] = await emulator.control.waitForDeliveries({ eventType: "invoice.paid" });
    expect(delivery).toMatchObject({ status: "succeeded" });
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(receiver.received).toHaveLength(3);
    const [first, , last] = delivery!.attempts;
    expect(Date.parse(last!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(20 + 40);
  });

  it("gives up after the last retry and records every attempt", async () => {
    await endpoint(["invoice.paid"]);
    receiver.failNext(500, 500, 500, 500);
    await subscribedCustomer(emulator);

    const [delivery] = await emulator.control.waitForDeliveries({ eventType: "invoice.paid" });
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
    const event = await stripe.events.retrieve(delivery!.eventId);
    expect(event.pending_webhooks).toBe(1);
  });

  it("counts an unreachable endpoint as a failed attempt", async () => {
    await stripe.webhookEndpoints.create({
      url: "http://127.0.0.1:9/unreachable",
      enabled_events: ["invoice.paid"],
    });
    await subscribedCustomer(emulator);
    const [delivery] = await emulator.control.waitForDeliveries({ eventType: "invoice.paid" });
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts[0]?.status).toBeNull();
    expect(delivery?.attempts[0]?.error).toMatch(/fetch failed|ECONNREFUSED/);
  });
});

describe("redelivery and ordering", () => {
  it("redelivers an event: the same event id with a fresh, valid signature", async () => {
    const { secret } = await endpoint(["invoice.paid"]);
    await subscribedCustomer(emulator);
    const [original] = await receiver.waitFor(1);
    const eventId = (JSON.parse(original!.body) as Stripe.Event).id;

    const [replay] = await emulator.control.redeliver(eventId);
    expect(replay).toMatchObject({ eventId, replay: true });
    const received = await receiver.waitFor(2);
    const again = stripe.webhooks.constructEvent(
      received[1]!.body,
      String(received[1]!.headers["stripe-signature"]),
      secret,
    );
    expect(again.id).toBe(eventId);
  });

  it("delivers the next batch in reverse when asked, then goes back to order", async () => {
    await endpoint();
    await emulator.control.setDelivery({ order: "reverse", batches: 1 });
    const { subscription } = await subscribedCustomer(emulator);
    await receiver.waitFor(3);
    expect(typesReceived()).toEqual([
      "invoice.paid",
      "customer.subscription.created",
      "checkout.session.completed",
    ]);

    await emulator.control.failPayment(subscription.id);
    await receiver.waitFor(5);
    expect(typesReceived().slice(3)).toEqual(["invoice.payment_failed", "customer.subscription.updated"]);
  });

  it("shuffles a batch: every event arrives, in some order", async () => {
    await endpoint();
    await emulator.control.setDelivery({ order: "shuffle" });
    await subscribedCustomer(emulator);
    await receiver.waitFor(3);
    expect(typesReceived().toSorted()).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
  });

  it("holds deliveries until released, then sends them as one batch", async () => {
    await endpoint();
    await emulator.control.hold();
    const { subscription } = await subscribedCustomer(emulator);
    await emulator.control.cancel(subscription.id);
    // Held, not sent: every delivery is recorded as held, none was attempted.
    expect(await emulator.control.deliveries({ status: "held" })).toHaveLength(4);
    expect(emulator.state.deliveries.map((delivery) => [delivery.status, delivery.attempts.length])).toEqual(
      Array.from({ length: 4 }, () => ["held", 0]),
    );
    expect(receiver.received).toEqual([]);

    await emulator.control.setDelivery({ order: "reverse", batches: 1 });
    const released = await emulator.control.release();
    expect(released).toMatchObject({ held: false, released: 4 });
    await receiver.waitFor(4);
    expect(typesReceived()).toEqual([
      "customer.subscription.deleted",
      "invoice.paid",
      "customer.subscription.created",
      "checkout.session.completed",
    ]);
  });
});
