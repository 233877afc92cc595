// Customer portal sessions: create one for a customer, with a URL to the emulator's portal page
// and the return URL the page links back to. What a customer does in the portal arrives as
// customer.subscription.updated/deleted, which the control API (or the page) triggers.
import type Stripe from "stripe";
import type { Actor, EmulatorContext } from "./context.ts";
import { findCustomer } from "./customers.ts";
import { parameterInvalid, resourceMissing } from "./errors.ts";
import type { StripeRoute } from "./operation.ts";
import type { ParamTree } from "./params.ts";
import { optionalString, requiredString } from "./params.ts";
import type { StripeState } from "./state.ts";
import { newId, randomBase62, unixSeconds } from "./stripe-format.ts";

export function findPortalSession(state: StripeState, id: string): Stripe.BillingPortal.Session {
  const session = state.portalSessions.get(id);
  if (!session) throw resourceMissing("billing_portal.session", id);
  return session;
}

function createPortalSession(
  ctx: EmulatorContext,
  actor: Actor,
  params: ParamTree,
): Stripe.BillingPortal.Session {
  const { state } = ctx;
  const customer = findCustomer(state, requiredString(params, "customer"), "customer");
  const configuration = optionalString(params, "configuration");
  if (configuration !== undefined && configuration !== state.portalConfigurationId) {
    throw parameterInvalid("configuration", `No such configuration: '${configuration}'`, "resource_missing");
  }
  const returnUrl = optionalString(params, "return_url");
  if (returnUrl !== undefined && !URL.canParse(returnUrl)) {
    throw parameterInvalid("return_url", `Invalid URL: ${returnUrl}`, "url_invalid");
  }
  const id = newId("bps");
  const session: Stripe.BillingPortal.Session = {
    id,
    object: "billing_portal.session",
    configuration: state.portalConfigurationId,
    created: unixSeconds(ctx.clock.now()),
    customer: customer.id,
    customer_account: null,
    flow: null,
    livemode: false,
    locale: optionalString(params, "locale") ?? null,
    on_behalf_of: null,
    return_url: returnUrl ?? null,
    // Stripe's URL carries a one-time secret; the page is found by session id here.
    url: `${actor.origin}/billing/portal/${id}?secret=${randomBase62(16)}`,
  };
  state.portalSessions.set(id, session);
  return session;
}

export function portalRoutes(ctx: EmulatorContext): StripeRoute[] {
  return [
    {
      method: "POST",
      url: "/billing_portal/sessions",
      operation: "PostBillingPortalSessions",
      supported: ["configuration", "customer", "expand", "locale", "return_url"],
      handler: ({ params, actor }) => ({ body: createPortalSession(ctx, actor, params) }),
    },
  ];
}
