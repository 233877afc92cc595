// /v1/billing: Checkout and Customer Portal sessions (authenticated), the user's billing state, and
// Stripe's webhook (signed, read as the raw body: the signature is over the exact bytes).
import { HttpError, acceptContentTypes } from "@phoenix/kernel/http";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import { requireAccount } from "../auth/accounts.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import type { ApiContext } from "../context.ts";
import { NullableTimestamp, Timestamp, bearer, iso, withErrors } from "../schemas.ts";
import { Entitlements, Plan } from "@phoenix/billing";
import type { Billing } from "./service.ts";

const SessionUrl = Type.Object({ id: Type.Optional(Type.String()), url: Type.String() });
const BillingState = Type.Object({
  plan: Type.Union([Type.Literal("free"), Type.Literal("premium")]),
  subscriptions: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      currentPeriodEnd: NullableTimestamp,
      cancelAtPeriodEnd: Type.Boolean(),
    }),
  ),
  invoices: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.String(),
      amountDue: Type.Integer(),
      amountPaid: Type.Integer(),
      currency: Type.Union([Type.String(), Type.Null()]),
      hostedInvoiceUrl: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const Invoice = Type.Object(
  {
    id: Type.String(),
    number: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.String(), Type.Null()], {
      description: "draft, open, paid, uncollectible, void.",
    }),
    amountDue: Type.Integer(),
    amountPaid: Type.Integer(),
    currency: Type.String(),
    created: Timestamp,
    hostedInvoiceUrl: Type.Union([Type.String(), Type.Null()]),
    invoicePdf: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "Invoice" },
);
const Plans = Type.Object({ plans: Type.Array(Type.Ref("Plan")) });
const UserEntitlements = Type.Object({
  plan: Type.Union([Type.Literal("free"), Type.Literal("premium")]),
  entitlements: Type.Ref("Entitlements"),
});

/** Shared schemas the billing routes name by $id (OpenAPI components). */
export const billingSchemas = [Entitlements, Plan, Invoice];

function configured(billing: Billing | undefined): Billing {
  if (!billing) throw new HttpError(503, "billing_unavailable", "billing is not configured");
  return billing;
}

export function billingRoutes(context: ApiContext) {
  const { pool } = context;
  const common = { tags: ["billing"], security: bearer };

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.post(
      "/checkout",
      { preHandler: requireUser, schema: { ...common, response: withErrors({ 201: SessionUrl }) } },
      async (request, reply) => {
        const account = await requireAccount(pool, principalOf(request).userId);
        return reply.code(201).send(await configured(context.billing).checkout(account));
      },
    );

    app.post(
      "/portal",
      { preHandler: requireUser, schema: { ...common, response: withErrors({ 201: SessionUrl }) } },
      async (request, reply) =>
        reply.code(201).send(await configured(context.billing).portal(principalOf(request).userId)),
    );

    app.get(
      "",
      { preHandler: requireUser, schema: { ...common, response: withErrors({ 200: BillingState }) } },
      async (request) => billingState(context, principalOf(request).userId),
    );

    app.get(
      "/entitlements",
      {
        preHandler: requireUser,
        schema: {
          ...common,
          description:
            "The user's entitlements per product: the free plan's, raised by the features of the products their live Stripe subscriptions are for (Stripe's active entitlements).",
          response: withErrors({ 200: UserEntitlements }),
        },
      },
      async (request) => {
        const { userId } = principalOf(request);
        const account = await requireAccount(pool, userId);
        return { plan: account.plan, entitlements: await configured(context.billing).entitlements(userId) };
      },
    );

    app.get(
      "/invoices",
      {
        preHandler: requireUser,
        schema: {
          ...common,
          description: "The user's invoices as Stripe has them, newest first.",
          response: withErrors({ 200: Type.Object({ invoices: Type.Array(Type.Ref("Invoice")) }) }),
        },
      },
      async (request) => {
        const invoices = await configured(context.billing).invoices(principalOf(request).userId);
        return {
          invoices: invoices.map((invoice) => ({
            id: invoice.id,
            number: invoice.number,
            status: invoice.status,
            amountDue: invoice.amount_due,
            amountPaid: invoice.amount_paid,
            currency: invoice.currency,
            created: new Date(invoice.created * 1000).toISOString(),
            hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
            invoicePdf: invoice.invoice_pdf ?? null,
          })),
        };
      },
    );
  };
}

/** GET /v1/plans: public (the pricing page), read from Stripe and cached. */
export function planRoutes(context: ApiContext) {
  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.get(
      "",
      {
        schema: {
          tags: ["billing"],
          description:
            "The plans with their prices and entitlements per product (sms, letters, cv, iris), read from Stripe's prices, products and features; the free plan first. No authentication.",
          response: withErrors({ 200: Plans }),
        },
      },
      async () => ({ plans: await configured(context.billing).plans() }),
    );
  };
}

/**
 * Stripe's webhook, in a scope of its own: JSON stays a Buffer there, and no API rate limit applies.
 * Stripe posts application/json and nothing else: any other Content-Type is a 415 before the body
 * is read.
 */
export function webhookRoutes(context: ApiContext) {
  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      "application/json",
      { parseAs: "buffer", bodyLimit: 1024 * 1024 },
      (_request, body, done) => {
        done(null, body);
      },
    );
    app.post(
      "/webhook",
      {
        onRequest: acceptContentTypes("application/json"),
        schema: {
          tags: ["billing"],
          description:
            "Stripe webhook (application/json only; 415 otherwise); verified with the Stripe-Signature header over the raw body, then checked as an event (400 invalid_event).",
          headers: Type.Object({ "stripe-signature": Type.String({ minLength: 1 }) }),
          body: Type.Unknown({ description: "A Stripe event (JSON)." }),
          response: withErrors({ 200: Type.Object({ received: Type.Boolean(), duplicate: Type.Boolean() }) }),
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body))
          throw new HttpError(400, "validation_error", "body must be a Stripe event (JSON)");
        const outcome = await configured(context.billing).webhook(
          request.body,
          request.headers["stripe-signature"] as string,
        );
        return { received: true, duplicate: outcome === "duplicate" };
      },
    );
  };
}

async function billingState(context: ApiContext, userId: string) {
  return withUser(context.pool, userId, async (tx) => {
    const user = await tx.query<{ plan: "free" | "premium" }>("SELECT plan FROM users WHERE id = $1", [
      userId,
    ]);
    if (!user.rows[0]) throw new HttpError(404, "user_not_found", "the account no longer exists");
    const subscriptions = await tx.query<{
      id: string;
      status: string;
      current_period_end: Date | null;
      cancel_at_period_end: boolean;
    }>(
      "SELECT id, status, current_period_end, cancel_at_period_end FROM subscriptions WHERE user_id = $1 ORDER BY created_at",
      [userId],
    );
    const invoices = await tx.query<{
      id: string;
      status: string;
      amount_due: string;
      amount_paid: string;
      currency: string | null;
      hosted_invoice_url: string | null;
    }>(
      "SELECT id, status, amount_due, amount_paid, currency, hosted_invoice_url FROM invoices WHERE user_id = $1 ORDER BY created_at",
      [userId],
    );
    return {
      plan: user.rows[0].plan,
      subscriptions: subscriptions.rows.map((s) => ({
        id: s.id,
        status: s.status,
        currentPeriodEnd: iso(s.current_period_end),
        cancelAtPeriodEnd: s.cancel_at_period_end,
      })),
      invoices: invoices.rows.map((i) => ({
        id: i.id,
        status: i.status,
        amountDue: Number(i.amount_due),
        amountPaid: Number(i.amount_paid),
        currency: i.currency,
        hostedInvoiceUrl: i.hosted_invoice_url,
      })),
    };
  });
}
