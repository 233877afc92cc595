// The account's calls, on the one generated client: signup, login and its MFA step, TOTP enrolment.
import { api } from "../../../app/api.ts";
import { unwrap } from "../../../app/problems.ts";

export type Credentials = { email: string; password: string };

export const signup = (body: Credentials) => unwrap(api.POST("/v1/auth/signup", { body }));

/** Tokens, or the MFA challenge to answer with a code. */
export const login = (body: Credentials) => unwrap(api.POST("/v1/auth/login", { body }));

export const answerMfa = (body: { mfaToken: string; code: string }) =>
  unwrap(api.POST("/v1/auth/mfa", { body }));

export const enrolMfa = () => unwrap(api.POST("/v1/me/mfa/enrol"));
export const confirmMfa = (code: string) => unwrap(api.POST("/v1/me/mfa/confirm", { body: { code } }));
export const regenerateRecoveryCodes = (code: string) =>
  unwrap(api.POST("/v1/me/mfa/recovery-codes", { body: { code } }));
export const disableMfa = (code: string) => unwrap(api.POST("/v1/me/mfa/disable", { body: { code } }));

/** A new password after the API checked the current one (and a code with MFA on); other sessions end. */
export const changePassword = (body: { password: string; newPassword: string; code?: string }) =>
  unwrap(api.POST("/v1/me/password", { body }));
