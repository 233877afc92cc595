// Privacy's calls: consent records, the data export, account deletion (after signing in again).
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";

import { CONSENT_COOKIE, decodeChoices, purposes } from "../../../../../src/consent.ts";
import type { Purpose } from "../../../../../src/consent.ts";

/**
 * The purposes the user can consent to are the consent banner's (services/web/src/consent.ts),
 * under its policy version, so a choice made on the public pages and one made here are one record.
 */
export { purposes };
export type { Purpose };
export const POLICY_VERSION = "v1";

export const listConsents = () => unwrap(api.GET("/v1/me/consents"));
export type Consent = Awaited<ReturnType<typeof listConsents>>[number];

export const grantConsent = (type: Purpose) =>
  unwrap(api.POST("/v1/me/consents", { body: { type, policyVersion: POLICY_VERSION } }));
export const withdrawConsent = (type: Purpose) =>
  unwrap(api.DELETE("/v1/me/consents/{type}", { params: { path: { type } } }));

export const exportData = () => unwrap(api.GET("/v1/me/export"));

/** Deletes everything after the API checked the password (and the code, with MFA on) itself. */
export const deleteAccount = (body: { password: string; code?: string }) =>
  unwrap(api.DELETE("/v1/me", { body }));

/** What the banner's first-party cookie says the visitor accepted before they had an account. */
export function bannerChoices(cookie: string): Purpose[] {
  const prefix = `${CONSENT_COOKIE}=`;
  const value = cookie
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix))
    ?.slice(prefix.length);
  const choices = decodeChoices(value === undefined ? undefined : decodeURIComponent(value));
  return choices ? purposes.filter((purpose) => choices[purpose]) : [];
}

/** At signup, the banner's choices become the account's consent records. */
export async function recordBannerChoices(cookie: string): Promise<void> {
  await Promise.all(bannerChoices(cookie).map(grantConsent));
}
