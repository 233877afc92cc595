// Entitlements, Stripe's model: features (entitlements.feature) attached to products
// (product_feature); a customer's active entitlements are the features of the products their live
// subscriptions are for, derived when listed (Stripe keeps them in step with subscription events;
// entitlement summary events are not emulated).
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { findCustomer } from "./customers.ts";
import { findProduct } from "./catalog.ts";
import { invalidState, resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { LIST_PARAMS, REST_BASE, listRoute } from "./operation.ts";
import { paginate } from "./pagination.ts";
import type { ParamTree } from "./params.ts";
import { applyMetadata, optionalBoolean, optionalString, requiredString } from "./params.ts";
import type { StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { newId } from "./stripe-format.ts";

/** Subscription statuses whose products' features are active (Stripe ends them on cancel and unpaid). */
const ENTITLED = new Set(["active", "trialing", "past_due"]);

function findFeature(state: StripeState, id: string, param?: string): Stripe.Entitlements.Feature {
  const feature = state.features.get(id);
  if (!feature) throw resourceMissing("entitlements.feature", id, param);
  return feature;
}

function createFeature(state: StripeState, params: ParamTree): Stripe.Entitlements.Feature {
  const lookupKey = requiredString(params, "lookup_key");
  if ([...state.features.values()].some((feature) => feature.lookup_key === lookupKey)) {
    throw invalidState(`A feature with lookup_key ${lookupKey} already exists.`, "lookup_key");
  }
  const feature: Stripe.Entitlements.Feature = {
    id: newId("feat"),
    object: "entitlements.feature",
    active: true,
    livemode: false,
    lookup_key: lookupKey,
    metadata: applyMetadata({}, params),
    name: requiredString(params, "name"),
  };
  state.features.set(feature.id, feature);
  return feature;
}

function attachFeature(
  state: StripeState,
  product: string,
  params: ParamTree,
  now: number,
): Stripe.ProductFeature {
  findProduct(state, product, "product");
  const entitlementFeature = findFeature(
    state,
    requiredString(params, "entitlement_feature"),
    "entitlement_feature",
  );
  const attached = [...state.productFeatures.values()].find(
    (record) => record.product === product && record.feature.entitlement_feature.id === entitlementFeature.id,
  );
  if (attached) throw invalidState("This feature is already attached to the product.", "entitlement_feature");
  const feature: Stripe.ProductFeature = {
    id: newId("prodft"),
    object: "product_feature",
    entitlement_feature: entitlementFeature,
    livemode: false,
  };
  state.productFeatures.set(feature.id, { product, feature, created: now });
  return feature;
}

function featuresOfProduct(state: StripeState, product: string): Stripe.ProductFeature[] {
  findProduct(state, product);
  return [...state.productFeatures.values()]
    .filter((record) => record.product === product)
    .sort((a, b) => b.created - a.created)
    .map((record) => record.feature);
}

function activeEntitlements(state: StripeState, params: ParamTree): Stripe.Entitlements.ActiveEntitlement[] {
  const customer = findCustomer(state, requiredString(params, "customer"), "customer").id;
  const products = new Set<string>();
  for (const subscription of state.subscriptions.values()) {
    if (subscription.customer !== customer || !ENTITLED.has(subscription.status)) continue;
    for (const item of subscription.items.data) {
      const product = item.price.product;
      products.add(typeof product === "string" ? product : product.id);
    }
  }
  const features = new Map<string, Stripe.Entitlements.Feature>();
  for (const record of state.productFeatures.values()) {
    const feature = record.feature.entitlement_feature;
    if (products.has(record.product) && feature.active) features.set(feature.id, feature);
  }
  // One entitlement per feature and customer; its id is stable across listings.
  return [...features.values()].map((feature) => ({
    id: `ent_${customer.slice("cus_".length)}_${feature.id.slice("feat_".length)}`.slice(0, 64),
    object: "entitlements.active_entitlement",
    feature: feature.id,
    livemode: false,
    lookup_key: feature.lookup_key,
  }));
}

export function entitlementRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      url: "/entitlements/features",
      operation: "PostEntitlementsFeatures",
      supported: ["expand", "lookup_key", "metadata", "name"],
      handler: ({ params }) => ({ body: createFeature(state, params) }),
    },
    listRoute({
      url: "/entitlements/features",
      operation: "GetEntitlementsFeatures",
      filters: ["archived", "lookup_key"],
      objectName: "entitlements.feature",
      list: (params) => {
        const archived = optionalBoolean(params, "archived");
        const lookupKey = optionalString(params, "lookup_key");
        return newestFirst(state.features.values())
          .filter((feature) => archived === undefined || feature.active !== archived)
          .filter((feature) => lookupKey === undefined || feature.lookup_key === lookupKey);
      },
    }),
    {
      method: "POST",
      url: "/products/:product/features",
      operation: "PostProductsProductFeatures",
      supported: ["entitlement_feature", "expand"],
      handler: ({ params, path }) => ({
        body: attachFeature(state, path["product"] ?? "", params, ctx.clock.now()),
      }),
    },
    {
      method: "GET",
      url: "/products/:product/features",
      operation: "GetProductsProductFeatures",
      supported: [...LIST_PARAMS],
      handler: ({ params, path }) => {
        const product = path["product"] ?? "";
        return {
          body: paginate(featuresOfProduct(state, product), params, {
            url: `${REST_BASE}/products/${product}/features`,
            objectName: "product_feature",
          }),
        };
      },
    },
    listRoute({
      url: "/entitlements/active_entitlements",
      operation: "GetEntitlementsActiveEntitlements",
      filters: ["customer"],
      objectName: "entitlements.active_entitlement",
      list: (params) => activeEntitlements(state, params),
    }),
  ];
}
