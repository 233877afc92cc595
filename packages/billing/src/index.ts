// @phoenix/billing — plans and entitlements from Stripe (ADR 0053, shared since ADR 0082).
export {
  Entitlement,
  Entitlements,
  PRODUCTS,
  Plan,
  QUICK,
  createCatalogue,
  entitlementOf,
  fromStripe,
  mergeEntitlements,
} from "./catalog.ts";
export type {
  BillingCatalogue,
  CatalogueOptions,
  EntitlementMap,
  EntitlementValue,
  PlanValue,
  Product,
  StripeRequestOptions,
} from "./catalog.ts";
export { stripeClient } from "./stripe-client.ts";
export { careerFreeConfig, freePlanEntitlements, irisFreeConfig } from "./free-plan.ts";
export type { FreePlanSettings } from "./free-plan.ts";
