// Billing's calls: the user's plan, subscriptions and invoices; Stripe Checkout and Customer Portal.
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";

export const getBilling = () => unwrap(api.GET("/v1/billing"));
export type BillingState = Awaited<ReturnType<typeof getBilling>>;
export type Invoice = BillingState["invoices"][number];

/** Stripe's hosted pages: the browser leaves for them and comes back to /app/billing/... */
export const startCheckout = () => unwrap(api.POST("/v1/billing/checkout"));
export const openPortal = () => unwrap(api.POST("/v1/billing/portal"));
