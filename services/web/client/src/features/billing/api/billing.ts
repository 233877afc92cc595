// Billing's calls: the plans (Stripe's catalogue, with what each gives per product), the user's
// plan, subscriptions and entitlements, Stripe's invoices; Checkout and the Customer Portal.
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";
import type { components } from "../../../api/schema.d.ts";

export type Plan = components["schemas"]["Plan"];
export type Entitlements = components["schemas"]["Entitlements"];
export type Invoice = components["schemas"]["Invoice"];
export const products = ["sms", "letters", "cv", "iris"] as const;

export const getPlans = () => unwrap(api.GET("/v1/plans")).then((body) => body.plans);
export const getBilling = () => unwrap(api.GET("/v1/billing"));
export type BillingState = Awaited<ReturnType<typeof getBilling>>;
export const getEntitlements = () => unwrap(api.GET("/v1/billing/entitlements"));
export const getInvoices = () => unwrap(api.GET("/v1/billing/invoices")).then((body) => body.invoices);

/** Stripe's hosted pages: the browser leaves for them and comes back to /app/billing/... */
export const startCheckout = () => unwrap(api.POST("/v1/billing/checkout"));
export const openPortal = () => unwrap(api.POST("/v1/billing/portal"));
