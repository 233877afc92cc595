// Every `error` code the API answers with, and what it means: published in the OpenAPI document
// (the Error schema's enum and description), so the web client can translate each one and a new
// code is a visible change. errors.test.ts fails when the code throws one that is not listed here.
// Server errors never carry their own code to the client (the kernel answers internal_error or
// service_unavailable, ADR 0044).

export const errorCodes = {
  // Any route: the request itself.
  validation_error:
    "400: a field is missing or malformed; the message names it (body/…, params/…, querystring/…).",
  invalid_json: "400: the body is not JSON.",
  bad_request: "400: the request could not be read (e.g. a malformed URL).",
  body_too_large: "413: the body is over the size limit.",
  uri_too_long: "414: the URL is too long.",
  unsupported_media_type: "415: the Content-Type is not accepted here (JSON for the API).",
  not_found: "404: no such route.",
  rate_limited: "429: too many requests; Retry-After says when to try again.",
  // Authentication and sessions.
  unauthenticated: "401: a Bearer access token is required.",
  invalid_token: "401: the access token is malformed, forged or expired: refresh, else log in.",
  invalid_credentials: "401: e-mail or password is wrong.",
  invalid_code: "400/401: the TOTP or recovery code is not valid.",
  mfa_code_required: "401: MFA is on: a TOTP or recovery code is required too.",
  invalid_refresh_token: "401: the refresh token (or cookie) is missing, unknown or expired: log in.",
  refresh_token_reused: "401: a refresh token was used twice: the session was ended for safety; log in.",
  csrf_rejected: "403: a cookie request from another site, or without X-Phoenix-CSRF: 1.",
  forbidden: "403: the role this needs is missing.",
  mfa_required: "403: this needs a session signed in with MFA.",
  // Account.
  user_not_found: "404: the account no longer exists.",
  email_taken: "409: the e-mail is already registered.",
  phone_taken: "409: the phone number is already registered.",
  no_password: "409: the account has no password (made by SMS only).",
  mfa_already_enabled: "409: MFA is already on.",
  mfa_not_enabled: "409: MFA is not on.",
  mfa_not_enrolled: "409: start the MFA enrolment first.",
  no_consent: "404: no consent of that type to withdraw.",
  // Number.
  no_number: "404: the user has no number.",
  number_already_active: "409: the user already has a number.",
  // Today.
  task_not_found: "404: no such task, or not in a state that allows this (e.g. completing a done task).",
  reminder_not_found: "404: no such reminder, or it was cancelled.",
  focus_not_found: "404: no focus session is running.",
  energy_not_found: "404: no such energy check-in.",
  due_in_past: "400: a reminder's time must be in the future.",
  // Billing.
  already_premium: "409: the premium plan is already active.",
  no_billing_account: "404: no billing account yet: start a checkout first.",
  invalid_signature: "400: the Stripe webhook's signature does not verify.",
  invalid_event: "400: the Stripe webhook's body is not an event the API can read.",
  // Admin.
  no_key_rotation: "404: no KeyRotation resource for that key set.",
  // Server side (no detail is sent).
  internal_error: "500: something failed on our side; try again later.",
  service_unavailable:
    "503: a dependency (Stripe, the rate limiter, the database) is unavailable; try again shortly.",
} as const;

export type ErrorCode = keyof typeof errorCodes;
