// Customers: create, retrieve, update, list (by email).
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import type { ParamTree } from "./params.ts";
import { applyMetadata, nullableString, optionalString, stringList } from "./params.ts";
import type { StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { newId, randomBase62, unixSeconds } from "./stripe-format.ts";

/** What create and update model; address, shipping, tax and payment sources are not emulated. */
const CUSTOMER_PARAMS = [
  "description",
  "email",
  "expand",
  "invoice_prefix",
  "metadata",
  "name",
  "phone",
  "preferred_locales",
];

export function findCustomer(state: StripeState, id: string, param?: string): Stripe.Customer {
  const customer = state.customers.get(id);
  if (!customer) throw resourceMissing("customer", id, param);
  return customer;
}

export function createCustomer(state: StripeState, params: ParamTree, now: number): Stripe.Customer {
  const customer: Stripe.Customer = {
    id: newId("cus"),
    object: "customer",
    address: null,
    balance: 0,
    created: unixSeconds(now),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: randomBase62(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
  applyCustomerParams(customer, params);
  state.customers.set(customer.id, customer);
  return customer;
}

function applyCustomerParams(customer: Stripe.Customer, params: ParamTree): void {
  const email = nullableString(params, "email");
  const name = nullableString(params, "name");
  const phone = nullableString(params, "phone");
  const description = nullableString(params, "description");
  const prefix = optionalString(params, "invoice_prefix");
  const locales =
    params["preferred_locales"] === undefined ? undefined : stringList(params, "preferred_locales");
  const metadata = applyMetadata(customer.metadata, params);
  // Validated above, applied below: a bad parameter leaves the customer as it was.
  if (email !== undefined) customer.email = email;
  if (name !== undefined) customer.name = name;
  if (phone !== undefined) customer.phone = phone;
  if (description !== undefined) customer.description = description;
  if (prefix !== undefined) customer.invoice_prefix = prefix;
  if (locales !== undefined) customer.preferred_locales = locales;
  customer.metadata = metadata;
}

export function customerRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    {
      method: "POST",
      url: "/customers",
      operation: "PostCustomers",
      supported: CUSTOMER_PARAMS,
      handler: ({ params }) => ({ body: createCustomer(state, params, ctx.clock.now()) }),
    },
    listRoute({
      url: "/customers",
      operation: "GetCustomers",
      filters: ["email"],
      objectName: "customer",
      list: (params) => {
        const email = optionalString(params, "email");
        return newestFirst(state.customers.values()).filter((customer) => !email || customer.email === email);
      },
    }),
    retrieveRoute({
      url: "/customers/:customer",
      operation: "GetCustomersCustomer",
      find: (id) => findCustomer(state, id),
    }),
    {
      method: "POST",
      url: "/customers/:customer",
      operation: "PostCustomersCustomer",
      supported: CUSTOMER_PARAMS,
      handler: ({ params, path }) => {
        const customer = findCustomer(state, path["customer"] ?? "");
        applyCustomerParams(customer, params);
        return { body: customer };
      },
    },
  ];
}
