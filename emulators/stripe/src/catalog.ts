// Products and prices: create, retrieve, and list prices by lookup key. Recurring per-unit prices
// are what Phoenix sells; tiered, custom-amount and multi-currency pricing are not emulated.
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { invalidState, parameterInvalid, parameterMissing, resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import type { ParamTree } from "./params.ts";
import {
  applyMetadata,
  optionalBoolean,
  optionalEnum,
  optionalInteger,
  optionalString,
  optionalTree,
  paramName,
  requiredString,
  stringList,
} from "./params.ts";
import type { StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { newId, unixSeconds } from "./stripe-format.ts";

const INTERVALS = ["day", "week", "month", "year"] as const;
const MAX_LOOKUP_KEYS = 10;

export function findPrice(state: StripeState, id: string, param?: string): Stripe.Price {
  const price = state.prices.get(id);
  if (!price) throw resourceMissing("price", id, param);
  return price;
}

export function findProduct(state: StripeState, id: string, param?: string): Stripe.Product {
  const product = state.products.get(id);
  if (!product) throw resourceMissing("product", id, param);
  return product;
}

function createProduct(state: StripeState, params: ParamTree, now: number, label = ""): Stripe.Product {
  const name = requiredString(params, "name", label ? paramName([label, "name"]) : "name");
  const id = optionalString(params, "id");
  if (id !== undefined && state.products.has(id)) {
    throw parameterInvalid("id", `Product already exists.`, "resource_already_exists");
  }
  const product: Stripe.Product = {
    id: id ?? newId("prod"),
    object: "product",
    active: optionalBoolean(params, "active") ?? true,
    created: unixSeconds(now),
    default_price: null,
    description: optionalString(params, "description") ?? null,
    images: [],
    livemode: false,
    marketing_features: [],
    metadata: applyMetadata({}, params),
    name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: optionalString(params, "statement_descriptor") ?? null,
    tax_code: null,
    tax_details: null,
    type: "service",
    unit_label: optionalString(params, "unit_label") ?? null,
    updated: unixSeconds(now),
    url: optionalString(params, "url") ?? null,
  };
  state.products.set(product.id, product);
  return product;
}

function recurringOf(params: ParamTree): Stripe.Price.Recurring | null {
  const recurring = optionalTree(params, "recurring");
  if (!recurring) return null;
  const name = (field: string) => paramName(["recurring", field]);
  const interval = optionalEnum(recurring, "interval", INTERVALS, name("interval"));
  if (!interval) throw parameterMissing(name("interval"));
  const count = optionalInteger(recurring, "interval_count", {
    min: 1,
    max: 365,
    label: name("interval_count"),
  });
  return {
    interval,
    interval_count: count ?? 1,
    meter: null,
    trial_period_days: null,
    usage_type: "licensed",
  };
}

function createPrice(state: StripeState, params: ParamTree, now: number): Stripe.Price {
  const currency = requiredString(params, "currency").toLowerCase();
  const unitAmount = optionalInteger(params, "unit_amount", { min: 0 });
  if (unitAmount === undefined) throw parameterMissing("unit_amount");
  const recurring = recurringOf(params);
  const lookupKey = optionalString(params, "lookup_key");
  const transfer = optionalBoolean(params, "transfer_lookup_key") ?? false;
  const holder = lookupKey
    ? [...state.prices.values()].find((price) => price.lookup_key === lookupKey)
    : undefined;
  if (holder && !transfer) {
    throw invalidState(`A price (\`${holder.id}\`) already uses that lookup key.`, "lookup_key");
  }
  const product = productFor(state, params, now);
  const metadata = applyMetadata({}, params);
  if (holder) holder.lookup_key = null;
  const price: Stripe.Price = {
    id: newId("price"),
    object: "price",
    active: optionalBoolean(params, "active") ?? true,
    billing_scheme: "per_unit",
    created: unixSeconds(now),
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: lookupKey ?? null,
    metadata,
    nickname: optionalString(params, "nickname") ?? null,
    product,
    recurring,
    tax_behavior:
      optionalEnum(params, "tax_behavior", ["exclusive", "inclusive", "unspecified"]) ?? "unspecified",
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? "recurring" : "one_time",
    unit_amount: unitAmount,
    // A decimal string on the wire; stripe-node turns it into its Decimal type.
    unit_amount_decimal: String(unitAmount) as unknown as Stripe.Price["unit_amount_decimal"],
  };
  state.prices.set(price.id, price);
  return price;
}

function productFor(state: StripeState, params: ParamTree, now: number): string {
  const productId = optionalString(params, "product");
  const productData = optionalTree(params, "product_data");
  if (productId && productData) {
    throw parameterInvalid("product", "You may only specify one of these parameters: product, product_data.");
  }
  if (productId) return findProduct(state, productId, "product").id;
  if (productData) return createProduct(state, productData, now, "product_data").id;
  throw parameterMissing("product");
}

function listPrices(state: StripeState, params: ParamTree): Stripe.Price[] {
  const lookupKeys = stringList(params, "lookup_keys");
  if (lookupKeys.length > MAX_LOOKUP_KEYS) {
    throw parameterInvalid("lookup_keys", `You can pass up to ${MAX_LOOKUP_KEYS} lookup keys.`);
  }
  // Stripe lists active prices unless asked for inactive ones.
  const active = optionalBoolean(params, "active") ?? true;
  const product = optionalString(params, "product");
  const currency = optionalString(params, "currency")?.toLowerCase();
  const type = optionalEnum(params, "type", ["one_time", "recurring"]);
  const interval = optionalEnum(
    optionalTree(params, "recurring") ?? {},
    "interval",
    INTERVALS,
    "recurring[interval]",
  );
  const filters: ((price: Stripe.Price) => boolean)[] = [(price) => price.active === active];
  if (lookupKeys.length > 0) filters.push((price) => lookupKeys.includes(price.lookup_key ?? ""));
  if (product) filters.push((price) => price.product === product);
  if (currency) filters.push((price) => price.currency === currency);
  if (type) filters.push((price) => price.type === type);
  if (interval) filters.push((price) => price.recurring?.interval === interval);
  return newestFirst(state.prices.values()).filter((price) => filters.every((accepts) => accepts(price)));
}

export function catalogRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      url: "/products",
      operation: "PostProducts",
      supported: [
        "active",
        "description",
        "expand",
        "id",
        "metadata",
        "name",
        "statement_descriptor",
        "unit_label",
        "url",
      ],
      handler: ({ params }) => ({ body: createProduct(state, params, ctx.clock.now()) }),
    },
    retrieveRoute({ url: "/products/:id", operation: "GetProductsId", find: (id) => findProduct(state, id) }),
    {
      method: "POST",
      url: "/prices",
      operation: "PostPrices",
      supported: [
        "active",
        "currency",
        "expand",
        "lookup_key",
        "metadata",
        "nickname",
        "product",
        "product_data",
        "recurring",
        "tax_behavior",
        "transfer_lookup_key",
        "unit_amount",
      ],
      handler: ({ params }) => ({ body: createPrice(state, params, ctx.clock.now()) }),
    },
    listRoute({
      url: "/prices",
      operation: "GetPrices",
      filters: ["active", "currency", "lookup_keys", "product", "recurring", "type"],
      objectName: "price",
      list: (params) => listPrices(state, params),
    }),
    retrieveRoute({ url: "/prices/:price", operation: "GetPricesPrice", find: (id) => findPrice(state, id) }),
  ];
}
