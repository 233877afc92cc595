// Invoices: one per billing period of a subscription, paid or open after a failed attempt.
// Routes: retrieve, and list by customer, subscription or status.
import type Stripe from "stripe";
import type { EmulatorContext } from "./context.ts";
import { resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import { listRoute, retrieveRoute } from "./operation.ts";
import { listObject } from "./pagination.ts";
import type { ParamTree } from "./params.ts";
import { optionalEnum, optionalString } from "./params.ts";
import type { StripeState } from "./state.ts";
import { newestFirst } from "./state.ts";
import { newId, unixSeconds } from "./stripe-format.ts";

/** Stripe retries a failed renewal payment; the emulator reports the first retry 3 days later. */
const RETRY_AFTER_SECONDS = 3 * 86_400;

export interface InvoiceSpec {
  subscription: Stripe.Subscription;
  customer: Stripe.Customer;
  reason: "subscription_create" | "subscription_cycle";
  paid: boolean;
  /** The billing period the invoice charges for. */
  period: { start: number; end: number };
  origin: string;
}

export function findInvoice(state: StripeState, id: string): Stripe.Invoice {
  const invoice = state.invoices.get(id);
  if (!invoice) throw resourceMissing("invoice", id);
  return invoice;
}

function lineItems(spec: InvoiceSpec, invoiceId: string): Stripe.InvoiceLineItem[] {
  return spec.subscription.items.data.map((item) => {
    const quantity = item.quantity ?? 1;
    const amount = (item.price.unit_amount ?? 0) * quantity;
    const productName = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
    return {
      id: newId("il"),
      object: "line_item",
      amount,
      currency: item.price.currency,
      description: `${quantity} × ${item.price.nickname ?? productName}`,
      discount_amounts: [],
      discountable: true,
      discounts: [],
      invoice: invoiceId,
      livemode: false,
      metadata: {},
      parent: {
        invoice_item_details: null,
        subscription_item_details: {
          invoice_item: null,
          proration: false,
          proration_details: { credited_items: null },
          subscription: spec.subscription.id,
          subscription_item: item.id,
        },
        type: "subscription_item_details",
      },
      period: spec.period,
      pretax_credit_amounts: [],
      pricing: {
        price_details: { price: item.price.id, product: productName },
        type: "price_details",
        unit_amount_decimal: item.price.unit_amount_decimal,
      },
      quantity,
      quantity_decimal: String(quantity) as unknown as Stripe.InvoiceLineItem["quantity_decimal"],
      subscription: spec.subscription.id,
      subtotal: amount,
      taxes: [],
    };
  });
}

function nextNumber(customer: Stripe.Customer): string {
  const sequence = customer.next_invoice_sequence ?? 1;
  customer.next_invoice_sequence = sequence + 1;
  return `${customer.invoice_prefix ?? "INV"}-${String(sequence).padStart(4, "0")}`;
}

/** What every invoice here has in common: no tax, discounts, credit notes or custom rendering. */
function invoiceDefaults() {
  return {
    account_tax_ids: null,
    amount_overpaid: 0,
    amount_shipping: 0,
    application: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    collection_method: "charge_automatically",
    custom_fields: null,
    customer_account: null,
    customer_address: null,
    customer_shipping: null,
    customer_tax_exempt: "none",
    customer_tax_ids: [],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [],
    description: null,
    discounts: [],
    due_date: null,
    ending_balance: 0,
    footer: null,
    from_invoice: null,
    issuer: { type: "self" },
    last_finalization_error: null,
    latest_revision: null,
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    test_clock: null,
    total_discount_amounts: [],
    total_pretax_credit_amounts: [],
    total_taxes: [],
  } satisfies Partial<Stripe.Invoice>;
}

/** A finalized invoice for `spec`'s period: paid, or open with one failed attempt. */
export function createInvoice(ctx: EmulatorContext, spec: InvoiceSpec): Stripe.Invoice {
  const id = newId("in");
  const now = unixSeconds(ctx.clock.now());
  const lines = lineItems(spec, id);
  const total = lines.reduce((sum, line) => sum + line.amount, 0);
  const { subscription, customer, paid } = spec;
  const invoice: Stripe.Invoice = {
    ...invoiceDefaults(),
    id,
    object: "invoice",
    account_country: "US",
    account_name: "Phoenix (Stripe emulator)",
    amount_due: total,
    amount_paid: paid ? total : 0,
    amount_remaining: paid ? 0 : total,
    attempt_count: 1,
    attempted: true,
    auto_advance: !paid,
    billing_reason: spec.reason,
    created: now,
    currency: subscription.currency,
    customer: customer.id,
    customer_email: customer.email,
    customer_name: customer.name ?? null,
    customer_phone: customer.phone ?? null,
    effective_at: now,
    hosted_invoice_url: `${spec.origin}/hosted/invoices/${id}`,
    invoice_pdf: `${spec.origin}/hosted/invoices/${id}/pdf`,
    lines: listObject(lines, `/v1/invoices/${id}/lines`, false),
    next_payment_attempt: paid ? null : now + RETRY_AFTER_SECONDS,
    number: nextNumber(customer),
    parent: {
      quote_details: null,
      subscription_details: { metadata: { ...subscription.metadata }, subscription: subscription.id },
      type: "subscription_details",
    },
    period_end: spec.reason === "subscription_create" ? now : spec.period.start,
    period_start: spec.reason === "subscription_create" ? now : spec.period.start,
    status: paid ? "paid" : "open",
    status_transitions: {
      finalized_at: now,
      marked_uncollectible_at: null,
      paid_at: paid ? now : null,
      voided_at: null,
    },
    subtotal: total,
    subtotal_excluding_tax: total,
    total,
    total_excluding_tax: total,
    webhooks_delivered_at: now,
  };
  ctx.state.invoices.set(id, invoice);
  return invoice;
}

/** Marks an open invoice paid now (a retried payment that succeeded). */
export function payInvoice(invoice: Stripe.Invoice, now: number): void {
  invoice.status = "paid";
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempt_count += 1;
  invoice.next_payment_attempt = null;
  invoice.auto_advance = false;
  invoice.status_transitions.paid_at = unixSeconds(now);
}

function listInvoices(state: StripeState, params: ParamTree): Stripe.Invoice[] {
  const customer = optionalString(params, "customer");
  const subscription = optionalString(params, "subscription");
  const status = optionalEnum(params, "status", ["draft", "open", "paid", "uncollectible", "void"]);
  return newestFirst(state.invoices.values()).filter(
    (invoice) =>
      (!customer || invoice.customer === customer) &&
      (!subscription || invoice.parent?.subscription_details?.subscription === subscription) &&
      (!status || invoice.status === status),
  );
}

export function invoiceRoutes(ctx: EmulatorContext): StripeRoute[] {
  const { state } = ctx;
  return [
    listRoute({
      url: "/invoices",
      operation: "GetInvoices",
      filters: ["customer", "status", "subscription"],
      objectName: "invoice",
      list: (params) => listInvoices(state, params),
    }),
    retrieveRoute({
      url: "/invoices/:invoice",
      operation: "GetInvoicesInvoice",
      find: (id) => findInvoice(state, id),
    }),
  ];
}
