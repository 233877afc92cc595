import { describe, expect, it } from "vitest";
import { nextSubscriptionState, planOf, statusAfterInvoice } from "./events.ts";
import type { Observation, SubscriptionState } from "./events.ts";

const observation = (
  status: string,
  eventCreated: number,
  eventId = `evt_${eventCreated}_${status}`,
): Observation => ({
  id: "sub_1",
  userId: "u1",
  status,
  priceId: "price_premium",
  currentPeriodStart: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  eventCreated,
  eventId,
});

/** Applies observations in the given (delivery) order, as the webhook does. */
function deliver(...observations: Observation[]): SubscriptionState | undefined {
  return observations.reduce<SubscriptionState | undefined>(
    (state, seen) => nextSubscriptionState(state, seen) ?? state,
    undefined,
  );
}

describe("subscription state from Stripe events", () => {
  it("takes the first observation of a subscription as it is", () => {
    expect(deliver(observation("active", 100))?.status).toBe("active");
  });

  it("ignores an event older than the one that last changed the subscription", () => {
    const state = deliver(observation("past_due", 200), observation("active", 100));
    expect(state?.status).toBe("past_due");
    expect(state?.lastEventCreated).toBe(200);
  });

  it("applies a later event of the same second (delivery order is all there is)", () => {
    expect(deliver(observation("active", 100), observation("past_due", 100))?.status).toBe("past_due");
  });

  it("never leaves a terminal status, whatever arrives after it", () => {
    expect(deliver(observation("canceled", 100), observation("active", 100))?.status).toBe("canceled");
    expect(deliver(observation("canceled", 100), observation("active", 500))?.status).toBe("canceled");
    expect(deliver(observation("incomplete_expired", 1), observation("active", 2))?.status).toBe(
      "incomplete_expired",
    );
  });

  it("ends in the same state for every delivery order of created → updated → deleted", () => {
    const events = [observation("active", 100), observation("past_due", 200), observation("canceled", 300)];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      expect(deliver(...order.map((index) => events[index]!))?.status, order.join(",")).toBe("canceled");
    }
  });
});

describe("invoices", () => {
  it("a failed payment makes a live subscription past_due and nothing else", () => {
    expect(statusAfterInvoice("active", false)).toBe("past_due");
    expect(statusAfterInvoice("trialing", false)).toBe("past_due");
    expect(statusAfterInvoice("canceled", false)).toBeUndefined();
    expect(statusAfterInvoice("past_due", false)).toBeUndefined();
  });

  it("a paid invoice brings a past_due, unpaid or incomplete subscription back to active", () => {
    expect(statusAfterInvoice("past_due", true)).toBe("active");
    expect(statusAfterInvoice("unpaid", true)).toBe("active");
    expect(statusAfterInvoice("incomplete", true)).toBe("active");
    expect(statusAfterInvoice("active", true)).toBeUndefined();
    expect(statusAfterInvoice("canceled", true)).toBeUndefined();
  });
});

describe("plan", () => {
  it("is premium while any subscription is active, trialing or past_due for the premium price", () => {
    expect(planOf([{ status: "active", priceId: "price_premium" }], "price_premium")).toBe("premium");
    expect(planOf([{ status: "past_due", priceId: "price_premium" }], "price_premium")).toBe("premium");
    expect(
      planOf(
        [
          { status: "canceled", priceId: "price_premium" },
          { status: "trialing", priceId: null },
        ],
        "price_premium",
      ),
    ).toBe("premium");
  });

  it("is free without a live premium subscription", () => {
    expect(planOf([], "price_premium")).toBe("free");
    expect(planOf([{ status: "canceled", priceId: "price_premium" }], "price_premium")).toBe("free");
    expect(planOf([{ status: "unpaid", priceId: "price_premium" }], "price_premium")).toBe("free");
    expect(planOf([{ status: "active", priceId: "price_other" }], "price_premium")).toBe("free");
  });
});
