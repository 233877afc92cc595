// Privacy's calls: consent records, the data export, account deletion (after signing in again).
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";

/**
 * The purposes the user can consent to: the consent banner's (services/web/src/consent.ts), under
 * the same policy version, so a choice made on the public pages and one made here are the same record.
 */
export const purposes = ["analytics", "personalization"] as const;
export type Purpose = (typeof purposes)[number];
export const POLICY_VERSION = "v1";

export const listConsents = () => unwrap(api.GET("/v1/me/consents"));
export type Consent = Awaited<ReturnType<typeof listConsents>>[number];

export const grantConsent = (type: Purpose) =>
  unwrap(api.POST("/v1/me/consents", { body: { type, policyVersion: POLICY_VERSION } }));
export const withdrawConsent = (type: Purpose) =>
  unwrap(api.DELETE("/v1/me/consents/{type}", { params: { path: { type } } }));

export const exportData = () => unwrap(api.GET("/v1/me/export"));

export const deleteAccount = () => unwrap(api.DELETE("/v1/me"));
