import { afterEach, describe, expect, it } from "vitest";
import { ControlApiError } from "./control-client.ts";
import type { StripeEmulator } from "./testing.ts";
import { startStripeEmulator, startWebhookReceiver, subscribedCustomer } from "./testing.ts";

let emulator: StripeEmulator;

afterEach(async () => {
  await emulator.close();
});

describe("control API", () => {
  it("shows customers, subscriptions, invoices, events and deliveries in state", async () => {
    emulator = await startStripeEmulator();
    const { customer, subscription } = await subscribedCustomer(emulator);

    const state = await emulator.control.state();
    expect(state.customers.map((item) => item.id)).toEqual([customer.id]);
    expect(state.subscriptions.map((item) => [item.id, item.status])).toEqual([[subscription.id, "active"]]);
    expect(state.invoices.map((item) => item.status)).toEqual(["paid"]);
    expect(state.events.map((event) => event.type)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
    expect(state.calls["PostCheckoutSessions"]).toEqual({ total: 1, byStatus: { 200: 1 } });
  });

  it("registers an endpoint with the secret the application is configured with", async () => {
    emulator = await startStripeEmulator();
    const receiver = await startWebhookReceiver();
    try {
      const created = await emulator.control.createWebhookEndpoint({
        url: receiver.url,
        secret: "whsec_configured_in_the_app",
        enabledEvents: ["invoice.paid"],
      });
      expect(created).toMatchObject({ object: "webhook_endpoint", secret: "whsec_configured_in_the_app" });
      await subscribedCustomer(emulator);
      const [delivered] = await receiver.waitFor(1);
      const event = emulator
        .client()
        .webhooks.constructEvent(
          delivered!.body,
          String(delivered!.headers["stripe-signature"]),
          created.secret,
        );
      expect(event.type).toBe("invoice.paid");
    } finally {
      await receiver.close();
    }
  });

  it("reset forgets objects and events but keeps the seeded endpoints", async () => {
    emulator = await startStripeEmulator({
      seed: { webhookEndpoints: [{ url: "http://127.0.0.1:9/hook", secret: "whsec_seed" }] },
    });
    await subscribedCustomer(emulator);

    await emulator.control.reset();

    const state = await emulator.control.state();
    expect(state.customers).toEqual([]);
    expect(state.events).toEqual([]);
    expect(state.deliveries).toEqual([]);
    expect(state.webhookEndpoints.map((endpoint) => [endpoint.url, endpoint.secret])).toEqual([
      ["http://127.0.0.1:9/hook", "whsec_seed"],
    ]);
  });

  it("refuses an invalid request body and a lifecycle step the subscription's state does not allow", async () => {
    emulator = await startStripeEmulator();
    await expect(emulator.control.setDelivery({ order: "sideways" as "reverse" })).rejects.toMatchObject({
      status: 400,
    });
    await expect(emulator.control.completeCheckout("cs_test_missing")).rejects.toMatchObject({ status: 404 });

    const { subscription, session } = await subscribedCustomer(emulator);
    const again = await emulator.control.completeCheckout(session.id).catch((err: unknown) => err);
    expect(again).toBeInstanceOf(ControlApiError);
    expect(again).toMatchObject({ status: 409 });
    await emulator.control.cancel(subscription.id);
    await expect(emulator.control.renew(subscription.id)).rejects.toMatchObject({ status: 409 });
  });

  it("cancelling at period end through the control API keeps the subscription active until renewal", async () => {
    emulator = await startStripeEmulator();
    const { subscription } = await subscribedCustomer(emulator);

    const scheduled = await emulator.control.cancel(subscription.id, { atPeriodEnd: true });
    expect(scheduled.subscription).toMatchObject({ status: "active", cancel_at_period_end: true });
    expect(scheduled.events.map((event) => event.type)).toEqual(["customer.subscription.updated"]);

    const ended = await emulator.control.renew(subscription.id);
    expect(ended.subscription.status).toBe("canceled");
    expect(ended.events.map((event) => event.type)).toEqual(["customer.subscription.deleted"]);
  });
});
