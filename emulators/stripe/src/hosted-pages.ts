// The pages Stripe hosts, reduced to what a demo or an end-to-end test needs: the checkout page a
// session's `url` opens (paying completes the session and redirects to success_url), the portal
// page (cancel at period end, cancel now, back to return_url) and an invoice page. Plain HTML
// forms, so a test can "pay" with two fetches and no browser.
import type { FastifyInstance, FastifyReply } from "fastify";
import type Stripe from "stripe";
import { cancelSubscription, completeCheckout, scheduleCancellation, updateSubscription } from "./billing.ts";
import { findSession } from "./checkout.ts";
import type { Actor, EmulatorContext } from "./context.ts";
import { StripeError } from "./errors.ts";
import { findInvoice } from "./invoices.ts";
import { originOf } from "./operation.ts";
import { findPortalSession } from "./portal.ts";
import { newestFirst } from "./state.ts";
import { unixSeconds } from "./stripe-format.ts";
import { currentPeriod, findSubscription } from "./subscriptions.ts";

const escape = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const money = (amount: number | null, currency: string | null): string =>
  `${((amount ?? 0) / 100).toFixed(2)} ${(currency ?? "usd").toUpperCase()}`;

function page(reply: FastifyReply, title: string, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
        `<body><h1>${escape(title)}</h1>${body}<p><small>Stripe emulator (test mode)</small></p></body></html>`,
    );
}

function notFound(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof StripeError)
    return page(reply, "Not found", `<p>${escape(err.message)}</p>`, err.status);
  throw err;
}

const button = (action: string, label: string): string =>
  `<form method="post" action="${escape(action)}"><button type="submit">${escape(label)}</button></form>`;

export function registerHostedPages(app: FastifyInstance, ctx: EmulatorContext): void {
  const actor = (request: Parameters<typeof originOf>[1]): Actor => ({
    origin: originOf(ctx, request),
    request: null,
  });

  app.get<{ Params: { id: string } }>("/checkout/pay/:id", (request, reply) => {
    try {
      const { session, lineItems } = findSession(ctx.state, request.params.id);
      const lines = lineItems
        .map(
          (item) =>
            `<li>${item.quantity ?? 1} × ${escape(item.price?.nickname ?? item.price?.id)}: ${money(item.amount_total, item.currency)}</li>`,
        )
        .join("");
      const pay = session.status === "open" ? button(`/checkout/pay/${session.id}`, "Subscribe") : "";
      const cancel = session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Cancel</a></p>` : "";
      return page(
        reply,
        "Checkout",
        `<p>Status: ${escape(session.status)}</p><ul>${lines}</ul>` +
          `<p>Total: ${money(session.amount_total, session.currency)}</p>${pay}${cancel}`,
      );
    } catch (err) {
      return notFound(reply, err);
    }
  });

  app.post<{ Params: { id: string } }>("/checkout/pay/:id", (request, reply) => {
    try {
      const { session } = completeCheckout(ctx, actor(request), request.params.id);
      if (!session.success_url) return page(reply, "Paid", "<p>Subscription started.</p>");
      return reply.redirect(session.success_url.replaceAll("{CHECKOUT_SESSION_ID}", session.id), 303);
    } catch (err) {
      return notFound(reply, err);
    }
  });

  app.get<{ Params: { id: string } }>("/billing/portal/:id", (request, reply) => {
    try {
      const session = findPortalSession(ctx.state, request.params.id);
      const subscriptions = newestFirst(ctx.state.subscriptions.values()).filter(
        (sub) => sub.customer === session.customer,
      );
      const back = session.return_url ? `<p><a href="${escape(session.return_url)}">Return</a></p>` : "";
      return page(
        reply,
        "Billing",
        `<ul>${subscriptions.map((sub) => portalLine(session, sub)).join("")}</ul>${back}`,
      );
    } catch (err) {
      return notFound(reply, err);
    }
  });

  app.post<{ Params: { id: string; sub: string; action: string } }>(
    "/billing/portal/:id/subscriptions/:sub/:action",
    (request, reply) => {
      try {
        const session = findPortalSession(ctx.state, request.params.id);
        const subscription = findSubscription(ctx.state, request.params.sub);
        if (subscription.customer !== session.customer || subscription.status === "canceled") {
          return page(reply, "Not found", "<p>No such subscription.</p>", 404);
        }
        portalAction(ctx, actor(request), subscription, request.params.action);
        return reply.redirect(`/billing/portal/${session.id}`, 303);
      } catch (err) {
        return notFound(reply, err);
      }
    },
  );

  app.get<{ Params: { id: string } }>("/hosted/invoices/:id", (request, reply) => {
    try {
      const invoice = findInvoice(ctx.state, request.params.id);
      return page(
        reply,
        `Invoice ${invoice.number ?? invoice.id}`,
        `<p>Status: ${escape(invoice.status)}</p><p>Amount due: ${money(invoice.amount_due, invoice.currency)}</p>`,
      );
    } catch (err) {
      return notFound(reply, err);
    }
  });
}

function portalLine(session: Stripe.BillingPortal.Session, sub: Stripe.Subscription): string {
  const base = `/billing/portal/${session.id}/subscriptions/${sub.id}`;
  const end = new Date(currentPeriod(sub).end * 1000).toISOString().slice(0, 10);
  const actions =
    sub.status === "canceled"
      ? ""
      : sub.cancel_at_period_end
        ? button(`${base}/renew`, "Don't cancel")
        : button(`${base}/cancel-at-period-end`, "Cancel at period end") +
          button(`${base}/cancel`, "Cancel now");
  return `<li>${escape(sub.id)}: ${escape(sub.status)}, period ends ${end}${actions}</li>`;
}

/** What the portal's buttons do: the same changes, and events, as the API would make. */
function portalAction(
  ctx: EmulatorContext,
  actor: Actor,
  subscription: Stripe.Subscription,
  action: string,
): void {
  if (action === "cancel") {
    cancelSubscription(ctx, actor, subscription.id, { reason: "cancellation_requested" });
    return;
  }
  const atPeriodEnd = action === "cancel-at-period-end";
  if (!atPeriodEnd && action !== "renew")
    throw new StripeError(404, "invalid_request_error", "No such action.");
  const now = unixSeconds(ctx.clock.now());
  updateSubscription(ctx, actor, subscription, (target) => {
    scheduleCancellation(target, atPeriodEnd, now);
  });
}
