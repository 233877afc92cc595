// REST writes to subscriptions: update (cancel_at_period_end, cancel_at, metadata, description,
// an item's price) and cancel (DELETE). Both go through billing.ts, so they emit the same events
// as the portal would: customer.subscription.updated with previous_attributes, and
// customer.subscription.deleted.
import type Stripe from "stripe";
import type { Actor, EmulatorContext } from "./context.ts";
import { cancelSubscription, scheduleCancellation, updateSubscription } from "./billing.ts";
import { findPrice } from "./catalog.ts";
import { invalidState, parameterInvalid, parameterUnknown, resourceMissing, unsupported } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import type { Param, ParamTree } from "./params.ts";
import {
  applyMetadata,
  isTree,
  nullableString,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalTree,
  paramName,
} from "./params.ts";
import type { StripeState } from "./state.ts";
import { CANCELLATION_FEEDBACK, unixSeconds } from "./stripe-format.ts";
import { findSubscription, switchItem } from "./subscriptions.ts";

/** Accepted and without effect here: there is no proration or payment to steer. */
const NO_EFFECT = ["off_session", "payment_behavior", "proration_behavior", "proration_date"];
const ITEM_PARAMS = new Set([
  "billing_thresholds",
  "clear_usage",
  "deleted",
  "discounts",
  "id",
  "metadata",
  "plan",
  "price",
  "price_data",
  "quantity",
  "tax_rates",
]);
interface CancellationParams {
  comment?: string | null;
  feedback?: (typeof CANCELLATION_FEEDBACK)[number] | null;
}

function cancellationDetails(params: ParamTree): CancellationParams {
  const details = optionalTree(params, "cancellation_details");
  if (!details) return {};
  const result: CancellationParams = {};
  const comment = nullableString(details, "comment", "cancellation_details[comment]");
  if (comment !== undefined) result.comment = comment;
  if (details["feedback"] === "") result.feedback = null;
  else {
    const feedback = optionalEnum(
      details,
      "feedback",
      CANCELLATION_FEEDBACK,
      "cancellation_details[feedback]",
    );
    if (feedback !== undefined) result.feedback = feedback;
  }
  return result;
}

/** items[0][id]=si_…&items[0][price]=price_…: switch an item's price (no proration is modelled). */
function itemChanges(state: StripeState, subscription: Stripe.Subscription, params: ParamTree) {
  return (optionalList(params, "items") ?? []).map((entry: Param, index) => {
    const name = (field: string) => paramName(["items", index, field]);
    if (!isTree(entry)) throw parameterInvalid(paramName(["items", index]), "Invalid object");
    for (const key of Object.keys(entry)) {
      if (!ITEM_PARAMS.has(key)) throw parameterUnknown(name(key));
      if (!["id", "price", "quantity"].includes(key)) throw unsupported(name(key));
    }
    const id = typeof entry["id"] === "string" ? entry["id"] : undefined;
    const item = subscription.items.data.find((candidate) => candidate.id === id);
    if (!id || !item) throw unsupported(`${paramName(["items", index])} without the id of an existing item`);
    const price =
      typeof entry["price"] === "string" ? findPrice(state, entry["price"], name("price")) : item.price;
    const quantity =
      optionalInteger(entry, "quantity", { min: 1, label: name("quantity") }) ?? item.quantity ?? 1;
    return { item, price, quantity };
  });
}

function update(ctx: EmulatorContext, actor: Actor, id: string, params: ParamTree): Stripe.Subscription {
  const subscription = findSubscription(ctx.state, id);
  const atPeriodEnd = optionalBoolean(params, "cancel_at_period_end");
  const cancelAt = params["cancel_at"] === "" ? null : optionalInteger(params, "cancel_at");
  const description = nullableString(params, "description");
  const metadata = applyMetadata(subscription.metadata, params);
  const details = cancellationDetails(params);
  const allowedWhenCanceled = ["cancellation_details", "metadata", "expand"];
  if (
    subscription.status === "canceled" &&
    Object.keys(params).some((name) => !allowedWhenCanceled.includes(name))
  ) {
    throw invalidState("A canceled subscription can only update its cancellation_details and metadata.");
  }
  const items = itemChanges(ctx.state, subscription, params);
  const now = unixSeconds(ctx.clock.now());
  return updateSubscription(ctx, actor, subscription, (target) => {
    if (atPeriodEnd !== undefined) scheduleCancellation(target, atPeriodEnd, now);
    if (cancelAt !== undefined) {
      target.cancel_at = cancelAt;
      target.cancel_at_period_end = false;
      target.canceled_at = cancelAt === null ? null : now;
    }
    if (description !== undefined) target.description = description;
    target.metadata = metadata;
    if (target.cancellation_details) Object.assign(target.cancellation_details, details);
    for (const { item, price, quantity } of items) switchItem(target.id, item, { price, quantity });
  }).subscription;
}

export function subscriptionChangeRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  const id = (path: Readonly<Record<string, string>>) => path["subscription_exposed_id"] ?? "";
  return [
    {
      method: "POST",
      url: "/subscriptions/:subscription_exposed_id",
      operation: "PostSubscriptionsSubscriptionExposedId",
      supported: [
        "cancel_at",
        "cancel_at_period_end",
        "cancellation_details",
        "description",
        "expand",
        "items",
        "metadata",
        ...NO_EFFECT,
      ],
      handler: ({ params, path, actor }) => ({ body: update(ctx, actor, id(path), params) }),
    },
    {
      method: "DELETE",
      url: "/subscriptions/:subscription_exposed_id",
      operation: "DeleteSubscriptionsSubscriptionExposedId",
      supported: ["cancellation_details", "expand", "invoice_now", "prorate"],
      handler: ({ params, path, actor }) => {
        const subscription = findSubscription(state, id(path));
        // Stripe no longer finds a subscription to cancel once it has ended.
        if (subscription.status === "canceled") throw resourceMissing("subscription", subscription.id);
        const details = cancellationDetails(params);
        return { body: cancelSubscription(ctx, actor, subscription.id, details).subscription };
      },
    },
  ];
}
