import type Stripe from "stripe";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StripeEmulator } from "./testing.ts";
import {
  createMonthlyPrice,
  createSubscriptionCheckout,
  startStripeEmulator,
  subscribedCustomer,
} from "./testing.ts";

let emulator: StripeEmulator;
let stripe: Stripe;

beforeEach(async () => {
  emulator = await startStripeEmulator();
  stripe = emulator.client();
});
afterEach(async () => {
  await emulator.close();
});

const eventTypes = async (): Promise<string[]> =>
  (await emulator.control.state()).events.map((event) => event.type);

describe("customers", () => {
  it("creates, retrieves and updates a customer, merging and deleting metadata keys", async () => {
    const created = await stripe.customers.create({
      email: "ada@phoenix.test",
      name: "Ada",
      metadata: { userId: "user_1", plan: "free" },
    });
    expect(created).toMatchObject({
      object: "customer",
      email: "ada@phoenix.test",
      name: "Ada",
      livemode: false,
      metadata: { userId: "user_1", plan: "free" },
    });
    expect(created.id).toMatch(/^cus_[0-9A-Za-z]{14}$/);
    expect(created.created).toBeCloseTo(Date.now() / 1000, -1);

    const updated = await stripe.customers.update(created.id, { metadata: { plan: "premium", userId: "" } });
    expect(updated.metadata).toEqual({ plan: "premium" });
    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toEqual(updated);
  });
});

describe("prices and products", () => {
  it("lists prices by lookup key, with the product expanded on request", async () => {
    const price = await createMonthlyPrice(stripe, { lookupKey: "premium_monthly" });
    await createMonthlyPrice(stripe, { lookupKey: "premium_yearly", unitAmount: 9999 });

    const found = await stripe.prices.list({ lookup_keys: ["premium_monthly"], expand: ["data.product"] });
    expect(found.data.map((item) => item.id)).toEqual([price.id]);
    expect(found.data[0]).toMatchObject({
      object: "price",
      type: "recurring",
      currency: "usd",
      unit_amount: 999,
      recurring: { interval: "month", interval_count: 1 },
      product: { object: "product", name: "Phoenix Premium" },
    });
    expect(String(found.data[0]?.unit_amount_decimal)).toBe("999");
    const retrieved = await stripe.prices.retrieve(price.id);
    expect(retrieved.id).toBe(price.id);
    expect(retrieved.product).toMatch(/^prod_/);
  });

  it("refuses a second price with a lookup key in use, unless it transfers the key", async () => {
    const first = await createMonthlyPrice(stripe, { lookupKey: "premium" });
    await expect(createMonthlyPrice(stripe, { lookupKey: "premium" })).rejects.toMatchObject({
      statusCode: 400,
      param: "lookup_key",
      message: `A price (\`${first.id}\`) already uses that lookup key.`,
    });
    const product = await stripe.products.create({ name: "Premium v2" });
    const second = await stripe.prices.create({
      currency: "usd",
      unit_amount: 1299,
      recurring: { interval: "month" },
      product: product.id,
      lookup_key: "premium",
      transfer_lookup_key: true,
    });
    expect((await stripe.prices.retrieve(first.id)).lookup_key).toBeNull();
    expect((await stripe.prices.list({ lookup_keys: ["premium"] })).data.map((item) => item.id)).toEqual([
      second.id,
    ]);
  });
});

describe("checkout", () => {
  it("creates an open subscription-mode session that carries the application's references", async () => {
    const customer = await stripe.customers.create({ email: "ada@phoenix.test" });
    const price = await createMonthlyPrice(stripe);
    const session = await createSubscriptionCheckout(stripe, { customer: customer.id, price: price.id });

    expect(session).toMatchObject({
      object: "checkout.session",
      mode: "subscription",
      status: "open",
      payment_status: "unpaid",
      customer: customer.id,
      subscription: null,
      client_reference_id: "user_42",
      metadata: { userId: "user_42" },
      amount_total: 999,
      currency: "usd",
      livemode: false,
    });
    expect(session.id).toMatch(/^cs_test_[0-9A-Za-z]{58}$/);
    expect(session.url).toBe(`${emulator.url}/checkout/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * 3600);
    const withItems = await stripe.checkout.sessions.retrieve(session.id, { expand: ["line_items"] });
    expect(withItems.line_items?.data).toMatchObject([
      { object: "item", quantity: 1, price: { id: price.id } },
    ]);
  });

  it("completing a session starts an active subscription with a paid invoice, and emits completed → created → paid", async () => {
    const customer = await stripe.customers.create({ email: "ada@phoenix.test" });
    const price = await createMonthlyPrice(stripe);
    const created = await createSubscriptionCheckout(stripe, { customer: customer.id, price: price.id });

    const { subscription, invoice, events } = await emulator.control.completeCheckout(created.id);

    expect(events.map((event) => event.type)).toEqual([
      "checkout.session.completed",
      "customer.subscription.created",
      "invoice.paid",
    ]);
    const session = await stripe.checkout.sessions.retrieve(created.id);
    expect(session).toMatchObject({
      status: "complete",
      payment_status: "paid",
      subscription: subscription.id,
    });

    const fetched = await stripe.subscriptions.retrieve(subscription.id);
    expect(fetched).toMatchObject({
      object: "subscription",
      status: "active",
      customer: customer.id,
      cancel_at_period_end: false,
      metadata: { userId: "user_42" },
      latest_invoice: invoice?.id,
    });
    const [item] = fetched.items.data;
    expect(item?.price.id).toBe(price.id);
    const start = new Date(item!.current_period_start * 1000);
    const end = new Date(item!.current_period_end * 1000);
    expect(end.getUTCMonth()).toBe((start.getUTCMonth() + 1) % 12);

    expect(await stripe.invoices.retrieve(invoice!.id)).toMatchObject({
      status: "paid",
      amount_paid: 999,
      billing_reason: "subscription_create",
      customer: customer.id,
      parent: { subscription_details: { subscription: subscription.id, metadata: { userId: "user_42" } } },
    });
  });

  it("a session with only customer_email gets a new customer when it completes", async () => {
    const price = await createMonthlyPrice(stripe);
    const created = await stripe.checkout.sessions.create({
      mode: "subscription",
      customer_email: "new@phoenix.test",
      line_items: [{ price: price.id, quantity: 1 }],
    });
    expect(created.customer).toBeNull();

    const { session, subscription } = await emulator.control.completeCheckout(created.id);

    expect(session.customer).toMatch(/^cus_/);
    expect(session.customer_details).toMatchObject({ email: "new@phoenix.test" });
    expect(subscription.customer).toBe(session.customer);
    const customer = await stripe.customers.retrieve(session.customer as string);
    expect(customer).toMatchObject({ email: "new@phoenix.test" });
  });

  it("completing through the hosted checkout page redirects to success_url with the session id", async () => {
    const customer = await stripe.customers.create({ email: "ada@phoenix.test" });
    const price = await createMonthlyPrice(stripe);
    const session = await createSubscriptionCheckout(stripe, { customer: customer.id, price: price.id });

    const pageResponse = await fetch(session.url!);
    expect(await pageResponse.text()).toContain(`action="/checkout/pay/${session.id}"`);
    const paid = await fetch(session.url!, { method: "POST", redirect: "manual" });

    expect(paid.status).toBe(303);
    expect(paid.headers.get("location")).toBe(
      `https://app.phoenix.test/billing/done?session_id=${session.id}`,
    );
    expect((await stripe.checkout.sessions.retrieve(session.id)).status).toBe("complete");
  });

  it("refuses line items without a recurring price, an unknown price and a missing quantity", async () => {
    const customer = await stripe.customers.create({});
    const oneTime = await stripe.prices.create({
      currency: "usd",
      unit_amount: 500,
      product_data: { name: "Pack" },
    });
    const create = (line: Stripe.Checkout.SessionCreateParams.LineItem) =>
      stripe.checkout.sessions.create({ mode: "subscription", customer: customer.id, line_items: [line] });

    await expect(create({ price: oneTime.id, quantity: 1 })).rejects.toMatchObject({
      statusCode: 400,
      param: "line_items",
    });
    await expect(create({ price: "price_missing", quantity: 1 })).rejects.toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "line_items[0][price]",
      message: "No such price: 'price_missing'",
    });
    const recurring = await createMonthlyPrice(stripe);
    await expect(create({ price: recurring.id })).rejects.toMatchObject({
      code: "parameter_missing",
      param: "line_items[0][quantity]",
    });
  });
});

describe("customer portal", () => {
  it("creates a portal session for a customer, pointing at the emulator's portal page", async () => {
    const { customer, subscription } = await subscribedCustomer(emulator);
    const portal = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: "https://app.phoenix.test/account",
    });
    expect(portal).toMatchObject({
      object: "billing_portal.session",
      customer: customer.id,
      return_url: "https://app.phoenix.test/account",
      livemode: false,
    });
    expect(portal.id).toMatch(/^bps_/);
    expect(portal.configuration).toMatch(/^bpc_/);
    const page = await (await fetch(portal.url)).text();
    expect(page).toContain(subscription.id);
    expect(page).toContain('href="https://app.phoenix.test/account"');
  });

  it("cancelling at period end on the portal page emits customer.subscription.updated", async () => {
    const { customer, subscription } = await subscribedCustomer(emulator);
    const portal = await stripe.billingPortal.sessions.create({ customer: customer.id });

    const clicked = await fetch(
      `${emulator.url}/billing/portal/${portal.id}/subscriptions/${subscription.id}/cancel-at-period-end`,
      {
        method: "POST",
        redirect: "manual",
      },
    );

    expect(clicked.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    const updates = await stripe.events.list({ type: "customer.subscription.*" });
    expect(updates.data.map((event) => event.type)).toEqual([
      "customer.subscription.updated",
      "customer.subscription.created",
    ]);
    expect(updates.data[0]?.request).toEqual({ id: null, idempotency_key: null });
  });

  it("refuses a portal session for an unknown customer", async () => {
    await expect(stripe.billingPortal.sessions.create({ customer: "cus_nobody" })).rejects.toMatchObject({
      statusCode: 400,
      code: "resource_missing",
      param: "customer",
    });
  });
});

describe("subscription lifecycle", () => {
  it("cancel_at_period_end emits customer.subscription.updated with what changed, and renewal then ends it", async () => {
    const { subscription } = await subscribedCustomer(emulator);
    const periodEnd = subscription.items.data[0]!.current_period_end;

    const updated = await stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true });
    expect(updated).toMatchObject({ status: "active", cancel_at_period_end: true, cancel_at: periodEnd });
    const [event] = (await stripe.events.list({ type: "customer.subscription.updated" })).data;
    expect(event?.data.previous_attributes).toEqual({
      cancel_at_period_end: false,
      cancel_at: null,
      canceled_at: null,
    });

    await emulator.control.renew(subscription.id);
    const ended = await stripe.subscriptions.retrieve(subscription.id);
    expect(ended).toMatchObject({ status: "canceled", ended_at: periodEnd });
    expect((await eventTypes()).at(-1)).toBe("customer.subscription.deleted");
  });

  it("renewal starts the next period and pays a new invoice", async () => {
    const { subscription, customer } = await subscribedCustomer(emulator);
    const first = subscription.items.data[0]!;

    const { invoice, events } = await emulator.control.renew(subscription.id);

    expect(events.map((event) => event.type)).toEqual(["customer.subscription.updated", "invoice.paid"]);
    const renewed = await stripe.subscriptions.retrieve(subscription.id);
    expect(renewed.items.data[0]?.current_period_start).toBe(first.current_period_end);
    expect(renewed.latest_invoice).toBe(invoice?.id);
    expect(invoice).toMatchObject({ status: "paid", billing_reason: "subscription_cycle" });
    const invoices = await stripe.invoices.list({ customer: customer.id });
    expect(invoices.data.map((item) => item.id)).toEqual([invoice?.id, subscription.latest_invoice]);
  });

  it("a failed payment makes the subscription past_due with an open invoice; renewing pays it", async () => {
    const { subscription } = await subscribedCustomer(emulator);

    const failed = await emulator.control.failPayment(subscription.id);
    expect(failed.events.map((event) => event.type)).toEqual([
      "invoice.payment_failed",
      "customer.subscription.updated",
    ]);
    expect(failed.events[1]?.data.previous_attributes).toMatchObject({ status: "active" });
    expect(failed.invoice).toMatchObject({ status: "open", amount_paid: 0, attempt_count: 1 });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("past_due");

    const recovered = await emulator.control.renew(subscription.id);
    expect(recovered.invoice).toMatchObject({ id: failed.invoice?.id, status: "paid", attempt_count: 2 });
    expect(recovered.events[0]?.data.previous_attributes).toEqual({ status: "past_due" });
    expect((await stripe.subscriptions.retrieve(subscription.id)).status).toBe("active");
  });

  it("cancelling over the API emits customer.subscription.deleted; cancelling again finds nothing", async () => {
    const { subscription } = await subscribedCustomer(emulator);

    const canceled = await stripe.subscriptions.cancel(subscription.id, {
      cancellation_details: { comment: "too many reminders", feedback: "too_complex" },
    });

    expect(canceled).toMatchObject({
      status: "canceled",
      cancellation_details: {
        reason: "cancellation_requested",
        feedback: "too_complex",
        comment: "too many reminders",
      },
    });
    const [deleted] = (await stripe.events.list({ type: "customer.subscription.deleted" })).data;
    expect(deleted?.data.object).toMatchObject({ id: subscription.id, status: "canceled" });
    expect(deleted?.request?.id).toMatch(/^req_/);
    await expect(stripe.subscriptions.cancel(subscription.id)).rejects.toMatchObject({
      statusCode: 404,
      code: "resource_missing",
    });
    await expect(
      stripe.subscriptions.update(subscription.id, { cancel_at_period_end: true }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: "A canceled subscription can only update its cancellation_details and metadata.",
    });
  });

  it("lists a customer's subscriptions without cancelled ones unless asked for all", async () => {
    const { subscription, customer } = await subscribedCustomer(emulator);
    await emulator.control.cancel(subscription.id);

    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    const all = await stripe.subscriptions.list({ customer: customer.id, status: "all" });
    expect(all.data.map((item) => item.id)).toEqual([subscription.id]);
  });

  it("an update made outside the application (portal) switches the price and emits updated", async () => {
    const { subscription } = await subscribedCustomer(emulator);
    const yearly = await stripe.prices.create({
      currency: "usd",
      unit_amount: 9900,
      recurring: { interval: "year" },
      product_data: { name: "Phoenix Premium yearly" },
    });

    const { events } = await emulator.control.updateSubscription(subscription.id, {
      price: yearly.id,
      metadata: { source: "portal" },
    });

    expect(events.map((event) => event.type)).toEqual(["customer.subscription.updated"]);
    expect(events[0]?.data.previous_attributes).toMatchObject({ metadata: { source: null } });
    const switched = await stripe.subscriptions.retrieve(subscription.id, {
      expand: ["items.data.price.product"],
    });
    expect(switched.items.data[0]?.price).toMatchObject({
      id: yearly.id,
      product: { name: "Phoenix Premium yearly" },
    });
  });

  it("expands the latest invoice and the customer on a subscription", async () => {
    const { subscription, customer } = await subscribedCustomer(emulator);
    const expanded = await stripe.subscriptions.retrieve(subscription.id, {
      expand: ["latest_invoice", "customer"],
    });
    expect(expanded.customer).toMatchObject({ id: customer.id, object: "customer" });
    expect(expanded.latest_invoice).toMatchObject({ object: "invoice", status: "paid" });
    await expect(
      stripe.subscriptions.retrieve(subscription.id, { expand: ["nonsense"] }),
    ).rejects.toMatchObject({
      statusCode: 400,
      param: "expand",
      message: "This property cannot be expanded (nonsense).",
    });
  });
});
