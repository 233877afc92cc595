// Who is calling: an onRequest hook verifies a Bearer access token when one is sent and attaches
// the principal; routes then require a user or a role. A wrong or expired token is always a 401,
// also on routes that would work anonymously, so a client never silently loses its identity.
// A request refused for want of a token (no Authorization header on a route that requires a
// user, or a header that is not `Bearer <token>`) counts as auth_token_verifications_total{result="missing"}.
import { HttpError } from "./http.ts";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Principal, Role, Tokens } from "./access-tokens.ts";

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
    /** A presented token that did not verify; thrown after the client's address was rate-limited. */
    authError?: HttpError;
    /** Set when no access token came (no header, or not Bearer): counts the refusal, once. */
    countMissingToken?: () => void;
  }
}

/**
 * Verifies the Bearer token if there is one. A bad token is not refused here but remembered, so
 * the rate limiter counts the attempt against the client's address first (see rejectBadToken):
 * guessing tokens costs signature checks and must be limited like anything else.
 */
export function authenticate(tokens: Tokens) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const token = header === undefined ? undefined : /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header)?.[1];
    if (token === undefined) {
      let counted = false;
      request.countMissingToken = () => {
        if (counted) return;
        counted = true;
        tokens.countMissing();
      };
    }
    if (header === undefined) return;
    try {
      if (token === undefined)
        throw new HttpError(401, "invalid_token", "Authorization must be 'Bearer <access token>'");
      request.principal = await tokens.verifyAccess(token);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      request.authError = err;
    }
  };
}

/**
 * Route config of a route that decides itself what a bad token means (logout: the refresh cookie
 * alone ends the session, so an expired access token sent along must not stop it).
 */
export interface GuardConfig {
  tolerateBadToken?: boolean;
}

// eslint-disable-next-line @typescript-eslint/require-await -- fastify hooks are either async or take done
export const rejectBadToken = async (request: FastifyRequest): Promise<void> => {
  const config = request.routeOptions.config as GuardConfig;
  if (request.authError && !config.tolerateBadToken) {
    // A header that is not Bearer: no token at all (a token that failed was counted by its reason).
    request.countMissingToken?.();
    throw request.authError;
  }
};

/** The caller's principal; 401 when the request carried no token. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) {
    request.countMissingToken?.();
    throw new HttpError(401, "unauthenticated", "a Bearer access token is required");
  }
  return request.principal;
}

export const requireUser = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
  principalOf(request);
};

/** Requires a role; with `mfa`, also a session that passed the second factor. */
export function requireRole(role: Role, options: { mfa?: boolean } = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = principalOf(request);
    if (!principal.roles.includes(role))
      throw new HttpError(403, "forbidden", `the ${role} role is required`);
    if (options.mfa && !principal.amr.some((method) => method === "otp" || method === "recovery")) {
      throw new HttpError(403, "mfa_required", `the ${role} role needs a session signed in with MFA`);
    }
  };
}
