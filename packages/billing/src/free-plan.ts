// The free plan is Phoenix's own (no Stripe object): its quotas are these variables, read by the
// service that enforces each (career: letters and CVs; iris: coach messages; the agent: SMS, in
// @phoenix/store's smsQuotaConfig) and by the API, which lists them in GET /v1/plans and in a
// user's entitlements. One definition of names and defaults, and the chart gives the API and the
// enforcing service the same values, so the page that sells the plan says what is enforced.
import Type from "typebox";
import type { EntitlementMap } from "./catalog.ts";

/** career's free letters and CVs per calendar month (UTC); Stripe's entitlements raise them. */
export const careerFreeConfig = {
  CAREER_FREE_LETTERS_PER_MONTH: Type.Integer({
    minimum: 0,
    default: 3,
    description: "letters generated from a template",
  }),
  CAREER_FREE_CVS_PER_MONTH: Type.Integer({
    minimum: 0,
    default: 1,
    description: "CVs created, imported or uploaded",
  }),
};

/** The coach's messages per UTC day on the free plan. */
export const irisFreeConfig = {
  IRIS_QUOTA_FREE_PER_DAY: Type.Integer({ minimum: 1, default: 30 }),
};

export interface FreePlanSettings {
  QUOTA_FREE_PER_DAY: number;
  CAREER_FREE_LETTERS_PER_MONTH: number;
  CAREER_FREE_CVS_PER_MONTH: number;
  IRIS_QUOTA_FREE_PER_DAY: number;
}

/** The free plan's entitlements per product, as the services enforce them. */
export function freePlanEntitlements(config: FreePlanSettings): EntitlementMap {
  return {
    sms: { limit: config.QUOTA_FREE_PER_DAY, period: "day" },
    letters: { limit: config.CAREER_FREE_LETTERS_PER_MONTH, period: "month" },
    cv: { limit: config.CAREER_FREE_CVS_PER_MONTH, period: "month" },
    iris: { limit: config.IRIS_QUOTA_FREE_PER_DAY, period: "day" },
  };
}
