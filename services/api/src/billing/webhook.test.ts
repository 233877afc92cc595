import { describe, expect, it } from "vitest";
import { parseStripeEvent } from "./webhook.ts";

const event = (type: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: "evt_1",
  object: "event",
  type,
  created: 1_760_000_000,
  data: { object },
  ...extra,
});
const subscription = {
  id: "sub_1",
  object: "subscription",
  status: "active",
  customer: "cus_1",
  metadata: { userId: "0b0c8a43-5a0c-4c4b-9d55-3c1b2f6f1a11" },
  cancel_at_period_end: false,
  items: {
    object: "list",
    data: [{ price: { id: "price_1" }, current_period_start: 1, current_period_end: 2 }],
  },
};
const invoice = {
  id: "in_1",
  customer: { id: "cus_1", object: "customer" },
  parent: { subscription_details: { subscription: "sub_1" } },
  status: "paid",
  amount_due: 900,
  amount_paid: 900,
  currency: "usd",
  hosted_invoice_url: null,
  period_start: 1_760_000_000,
  period_end: 1_762_600_000,
};
const parse = (value: unknown) =>
  parseStripeEvent(Buffer.from(typeof value === "string" ? value : JSON.stringify(value)));

describe("parseStripeEvent: a verified body is checked before anything is written", () => {
  it.each([
    ["a subscription event", event("customer.subscription.updated", subscription)],
    ["an invoice in the 2025 shape", event("invoice.paid", invoice)],
    [
      "a checkout session",
      event("checkout.session.completed", { client_reference_id: null, subscription: "sub_1" }),
    ],
    [
      "an event type it does not apply, whatever its object",
      event("charge.refunded", { id: 7, amount: "x" }),
    ],
    ["invoice.upcoming, a preview without an id", event("invoice.upcoming", { amount_due: 900 })],
  ])("accepts %s", (_name, body) => {
    expect(parse(body)).toEqual({ event: body });
  });

  it.each([
    ["not JSON", "{nope", "the body is not JSON"],
    ["null", null, "event must be object"],
    ["an array", [event("invoice.paid", invoice)], "event must be object"],
    ["no id", { ...event("invoice.paid", invoice), id: undefined }, "event must have required properties id"],
    ["a numeric id", event("invoice.paid", invoice, { id: 1 }), "event/id must be string"],
    ["NUL in the id", event("invoice.paid", invoice, { id: "evt_\u0000" }), "event/id must match pattern"],
    [
      "created as a string",
      event("invoice.paid", invoice, { created: "1760000000" }),
      "event/created must be integer",
    ],
    ["created past year 9999", event("invoice.paid", invoice, { created: 1e15 }), "event/created must be <="],
    ["data null", event("invoice.paid", invoice, { data: null }), "event/data must be object"],
    [
      "no data.object",
      event("invoice.paid", invoice, { data: {} }),
      "event/data must have required properties object",
    ],
    [
      "a subscription without id",
      event("customer.subscription.created", { ...subscription, id: undefined }),
      "event/data/object must have required properties id",
    ],
    [
      "a status that is not text",
      event("customer.subscription.updated", { ...subscription, status: 3 }),
      "event/data/object/status",
    ],
    [
      "cancel_at_period_end as text",
      event("customer.subscription.updated", { ...subscription, cancel_at_period_end: "yes" }),
      "event/data/object/cancel_at_period_end",
    ],
    [
      "a price that is a number",
      event("customer.subscription.updated", { ...subscription, items: { data: [{ price: 5 }] } }),
      "event/data/object/items/data/0/price",
    ],
    [
      "metadata.userId as a number",
      event("customer.subscription.updated", { ...subscription, metadata: { userId: 5 } }),
      "event/data/object/metadata/userId",
    ],
    [
      "an amount as text",
      event("invoice.paid", { ...invoice, amount_due: "900" }),
      "event/data/object/amount_due",
    ],
    [
      "an amount past bigint's exact range",
      event("invoice.paid", { ...invoice, amount_paid: 1e30 }),
      "event/data/object/amount_paid",
    ],
    [
      "a negative period",
      event("invoice.paid", { ...invoice, period_start: -1 }),
      "event/data/object/period_start",
    ],
    [
      "a customer that is a number",
      event("invoice.payment_failed", { ...invoice, customer: 7 }),
      "event/data/object/customer",
    ],
    [
      "NUL in a currency",
      event("invoice.paid", { ...invoice, currency: "us\u0000d" }),
      "event/data/object/currency",
    ],
    [
      "a checkout subscription that is a list",
      event("checkout.session.completed", { subscription: ["sub_1"] }),
      "event/data/object/subscription",
    ],
  ])("refuses %s", (_name, body, problem) => {
    const parsed = parse(body);
    expect("problem" in parsed ? parsed.problem : "accepted").toContain(problem);
  });
});
