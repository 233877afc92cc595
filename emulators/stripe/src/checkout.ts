// Checkout sessions in subscription mode: create (open, with a URL to the emulator's hosted page)
// and retrieve. Completing one (billing.ts) is the customer paying: the control API or the hosted
// page does it, never the application.
import type Stripe from "stripe";
import type { Actor, EmulatorContext } from "./context.ts";
import { findPrice } from "./catalog.ts";
import { findCustomer } from "./customers.ts";
import {
  parameterInvalid,
  parameterMissing,
  parameterUnknown,
  resourceMissing,
  unsupported,
} from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { retrieveRoute } from "./operation.ts";
import type { Param, ParamTree } from "./params.ts";
import {
  applyMetadata,
  isTree,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalList,
  optionalString,
  optionalTree,
  paramName,
  requiredString,
} from "./params.ts";
import type { CheckoutSessionRecord, StripeState } from "./state.ts";
import { newId, unixSeconds } from "./stripe-format.ts";

const SESSION_LIFETIME_SECONDS = 24 * 3600;
const LINE_ITEM_PARAMS = new Set([
  "adjustable_quantity",
  "dynamic_tax_rates",
  "metadata",
  "price",
  "price_data",
  "quantity",
  "tax_rates",
]);
const SUBSCRIPTION_DATA_MODELLED = new Set(["metadata", "description"]);

export const CHECKOUT_SUPPORTED = [
  "allow_promotion_codes",
  "automatic_tax",
  "billing_address_collection",
  "cancel_url",
  "client_reference_id",
  "customer",
  "customer_email",
  "expand",
  "expires_at",
  "line_items",
  "locale",
  "metadata",
  "mode",
  "payment_method_collection",
  "subscription_data",
  "success_url",
  "ui_mode",
] as const;

export function findSession(state: StripeState, id: string): CheckoutSessionRecord {
  const record = state.checkoutSessions.get(id);
  if (!record) throw resourceMissing("checkout.session", id);
  return record;
}

function lineItemsOf(state: StripeState, params: ParamTree): Stripe.LineItem[] {
  const entries = optionalList(params, "line_items") ?? [];
  if (entries.length === 0) throw parameterMissing("line_items");
  const items = entries.map((entry, index) => lineItem(state, entry, index));
  if (items.some((item) => item.price?.type !== "recurring")) {
    throw parameterInvalid(
      "line_items",
      "You must provide at least one recurring price in `subscription` mode when using prices.",
    );
  }
  if (new Set(items.map((item) => item.currency)).size > 1) {
    throw parameterInvalid("line_items", "All prices on a Checkout Session must share one currency.");
  }
  return items;
}

function lineItem(state: StripeState, entry: Param, index: number): Stripe.LineItem {
  const name = (field: string) => paramName(["line_items", index, field]);
  if (!isTree(entry)) throw parameterInvalid(paramName(["line_items", index]), "Invalid object");
  for (const key of Object.keys(entry)) {
    if (!LINE_ITEM_PARAMS.has(key)) throw parameterUnknown(name(key));
    if (key !== "price" && key !== "quantity") throw unsupported(name(key));
  }
  const price = findPrice(state, requiredString(entry, "price", name("price")), name("price"));
  if (!price.active) {
    throw parameterInvalid(
      name("price"),
      "The price specified is inactive. This field only accepts active prices.",
    );
  }
  const quantity = optionalInteger(entry, "quantity", { min: 1, max: 999_999, label: name("quantity") });
  if (quantity === undefined) throw parameterMissing(name("quantity"));
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId("li"),
    object: "item",
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: price.nickname,
    metadata: {},
    price: structuredClone(price),
    quantity,
  };
}

function subscriptionDataOf(params: ParamTree): CheckoutSessionRecord["subscriptionData"] {
  const data = optionalTree(params, "subscription_data") ?? {};
  for (const key of Object.keys(data)) {
    if (!SUBSCRIPTION_DATA_MODELLED.has(key)) throw unsupported(paramName(["subscription_data", key]));
  }
  return {
    metadata: applyMetadata({}, data, "metadata"),
    description: optionalString(data, "description", "subscription_data[description]") ?? null,
  };
}

function customerOf(
  state: StripeState,
  params: ParamTree,
): { customer: string | null; email: string | null } {
  const customer = optionalString(params, "customer");
  const email = optionalString(params, "customer_email");
  if (customer && email) {
    throw parameterInvalid(
      "customer",
      "You may only specify one of these parameters: customer, customer_email.",
    );
  }
  if (customer) return { customer: findCustomer(state, customer, "customer").id, email: null };
  return { customer: null, email: email ?? null };
}

function expiresAt(params: ParamTree, created: number): number {
  const requested = optionalInteger(params, "expires_at");
  if (requested === undefined) return created + SESSION_LIFETIME_SECONDS;
  if (requested < created + 1800 || requested > created + SESSION_LIFETIME_SECONDS) {
    throw parameterInvalid(
      "expires_at",
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.",
    );
  }
  return requested;
}

function validateMode(params: ParamTree): void {
  const mode = optionalEnum(params, "mode", ["payment", "setup", "subscription"]);
  if (!mode) throw parameterMissing("mode");
  if (mode !== "subscription") throw unsupported(`mode=${mode}`);
  if ((optionalString(params, "ui_mode") ?? "hosted") !== "hosted") throw unsupported("ui_mode");
  const clientReference = optionalString(params, "client_reference_id");
  if (clientReference !== undefined && clientReference.length > 200) {
    throw parameterInvalid("client_reference_id", "client_reference_id must be at most 200 characters.");
  }
}

export function createSession(
  ctx: EmulatorContext,
  actor: Actor,
  params: ParamTree,
): Stripe.Checkout.Session {
  const { state } = ctx;
  validateMode(params);
  const lineItems = lineItemsOf(state, params);
  const { customer, email } = customerOf(state, params);
  const subscriptionData = subscriptionDataOf(params);
  const created = unixSeconds(ctx.clock.now());
  const total = lineItems.reduce((sum, item) => sum + item.amount_total, 0);
  const id = newId("cs_test");
  const session: Stripe.Checkout.Session = {
    ...sessionObject({ id, params, created, total, currency: lineItems[0]?.currency ?? null }),
    customer,
    customer_email: email,
    url: `${actor.origin}/checkout/pay/${id}`,
    expires_at: expiresAt(params, created),
  };
  state.checkoutSessions.set(id, { session, lineItems, subscriptionData });
  return session;
}

interface SessionBasics {
  id: string;
  params: ParamTree;
  created: number;
  total: number;
  currency: string | null;
}

function sessionObject({ id, params, created, total, currency }: SessionBasics): Stripe.Checkout.Session {
  return {
    id,
    object: "checkout.session",
    adaptive_pricing: null,
    after_expiration: null,
    allow_promotion_codes: optionalBoolean(params, "allow_promotion_codes") ?? null,
    allowed_payment_method_types: null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: {
      enabled:
        optionalBoolean(optionalTree(params, "automatic_tax") ?? {}, "enabled", "automatic_tax[enabled]") ??
        false,
      liability: null,
      provider: null,
      status: null,
    },
    billing_address_collection:
      optionalEnum(params, "billing_address_collection", ["auto", "required"]) ?? null,
    cancel_url: optionalString(params, "cancel_url") ?? null,
    client_reference_id: optionalString(params, "client_reference_id") ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: null,
    customer_account: null,
    customer_creation: null,
    customer_details: null,
    customer_email: null,
    discounts: [],
    expires_at: created + SESSION_LIFETIME_SECONDS,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: optionalString(params, "locale") ?? null,
    managed_payments: null,
    metadata: applyMetadata({}, params),
    mode: "subscription",
    origin_context: null,
    payment_intent: null,
    payment_link: null,
    payment_method_collection:
      optionalEnum(params, "payment_method_collection", ["always", "if_required"]) ?? "always",
    payment_method_configuration_details: null,
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: "unpaid",
    permissions: null,
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: null,
    subscription: null,
    success_url: optionalString(params, "success_url") ?? null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: null,
    wallet_options: null,
  };
}

export function checkoutRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      url: "/checkout/sessions",
      operation: "PostCheckoutSessions",
      supported: CHECKOUT_SUPPORTED,
      handler: ({ params, actor }) => ({ body: createSession(ctx, actor, params) }),
    },
    retrieveRoute({
      url: "/checkout/sessions/:session",
      operation: "GetCheckoutSessionsSession",
      find: (id) => findSession(state, id).session,
    }),
  ];
}
