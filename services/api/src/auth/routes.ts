// /v1/auth: signup, login (with the TOTP second step), refresh, logout. Each answers in body mode
// (API and CLI clients) or, asked with X-Phoenix-Client: web, in cookie mode (browser-session.ts).
import { HttpError } from "@phoenix/kernel/http";
import { withUser } from "@phoenix/store";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { clientIp } from "../client-ip.ts";
import type { ApiContext } from "../context.ts";
import { tokenPair } from "../context.ts";
import { enforce } from "../rate-limit/http.ts";
import { Email, Password, PhoneInput, TokenPair, bearer, withErrors, NoContent } from "../schemas.ts";
import {
  createAccount,
  findLogin,
  normaliseEmail,
  normalisePhone,
  requireAccount,
  updatePasswordHash,
} from "./accounts.ts";
import {
  checkSameOrigin,
  clearRefreshCookie,
  deliver,
  refreshCookie,
  setRefreshCookie,
  wantsCookie,
} from "./browser-session.ts";
import { principalOf } from "@phoenix/kernel/access-guard";
import type { GuardConfig } from "@phoenix/kernel/access-guard";
import { revokeByToken, revokeFamily, rotateSession, rotationPolicy, startSession } from "./sessions.ts";

const SignupBody = Type.Object(
  { email: Email, password: Password, phone: Type.Optional(PhoneInput) },
  { additionalProperties: false },
);
const LoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 256 }) });
const MfaChallenge = Type.Object({
  mfaRequired: Type.Literal(true),
  mfaToken: Type.String({ description: "Present with a TOTP or recovery code at POST /v1/auth/mfa." }),
});
const MfaBody = Type.Object({
  mfaToken: Type.String({ minLength: 1 }),
  code: Type.String({ minLength: 6, maxLength: 11 }),
});
const RefreshBody = Type.Object(
  {
    refreshToken: Type.Optional(
      Type.String({
        minLength: 40,
        maxLength: 200,
        description: "Omit in cookie mode: the phoenix_refresh cookie is used (with X-Phoenix-CSRF: 1).",
      }),
    ),
  },
  { additionalProperties: false },
);
const cookieModeNote =
  "With the header X-Phoenix-Client: web (and X-Phoenix-CSRF: 1; a cross-site Origin or Sec-Fetch-Site is refused with 403 csrf_rejected) the refresh token is set as the httpOnly cookie phoenix_refresh (Secure, SameSite=Strict, Path=/v1/auth) instead of in the body.";
const SignupResponse = Type.Object({ userId: Type.String(), ...TokenPair.properties });

const invalidCredentials = () => new HttpError(401, "invalid_credentials", "e-mail or password is wrong");

/** The web app's origins besides the request's own host: PUBLIC_APP_URL's and WEB_ORIGINS. */
export function webOrigins(config: ApiContext["config"]): string[] {
  const listed = config.WEB_ORIGINS.split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin !== "");
  return [new URL(config.PUBLIC_APP_URL).origin, ...listed];
}

/** Answers a token pair in the mode the client asked for (browser-session.ts deliver). */
const deliverer =
  (ttl: number) =>
  <T extends { refreshToken: string }>(request: FastifyRequest, reply: FastifyReply, pair: T) =>
    deliver(request, reply, pair, ttl);

/** Asking for the cookie is cookie mode too: a cross-site page must not plant a session (login CSRF). */
const cookieModeGuard =
  (origins: readonly string[]) =>
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify hooks are either async or take done
  async (request: FastifyRequest): Promise<void> => {
    if (wantsCookie(request)) checkSameOrigin(request, origins);
  };

export function authRoutes(context: ApiContext) {
  const { pool, passwords, limiter, mfa, config } = context;
  const ttl = config.REFRESH_TOKEN_TTL_SECONDS;
  const origins = webOrigins(config);
  const send = deliverer(ttl);

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", cookieModeGuard(origins));

    app.post<{ Body: Static<typeof SignupBody> }>(
      "/signup",
      {
        schema: {
          tags: ["auth"],
          description: cookieModeNote,
          body: SignupBody,
          response: withErrors({ 201: SignupResponse }),
        },
      },
      async (request, reply) => {
        const { email, password, phone } = request.body;
        const normalised = {
          email: normaliseEmail(email),
          phone: phone === undefined ? null : normalisePhone(phone),
        };
        const account = await createAccount(pool, {
          ...normalised,
          passwordHash: await passwords.hash(password),
        });
        const session = await startSession(pool, account.id, { amr: ["pwd"], ttlSeconds: ttl });
        const pair = { userId: account.id, ...(await tokenPair(context, account, session)) };
        return reply.code(201).send(send(request, reply, pair));
      },
    );

    app.post<{ Body: Static<typeof LoginBody> }>(
      "/login",
      {
        schema: {
          tags: ["auth"],
          description: `Password check; with MFA on, answers the challenge for POST /v1/auth/mfa. ${cookieModeNote}`,
          body: LoginBody,
          response: withErrors({ 200: Type.Union([TokenPair, MfaChallenge]) }),
        },
      },
      async (request, reply) => {
        enforce(
          reply,
          await limiter.login(
            normaliseEmail(request.body.email),
            clientIp(request, context.config.TRUST_PROXY_HOPS),
          ),
        );
        const outcome = await login(context, request.body);
        return "refreshToken" in outcome ? send(request, reply, outcome) : outcome;
      },
    );

    app.post<{ Body: Static<typeof MfaBody> }>(
      "/mfa",
      {
        schema: {
          tags: ["auth"],
          description: cookieModeNote,
          body: MfaBody,
          response: withErrors({ 200: TokenPair }),
        },
      },
      async (request, reply) => {
        const userId = await context.tokens.verifyMfaChallenge(request.body.mfaToken);
        enforce(
          reply,
          await limiter.login(`mfa:${userId}`, clientIp(request, context.config.TRUST_PROXY_HOPS)),
        );
        const factor = await mfa.verify(userId, request.body.code);
        if (!factor) throw new HttpError(401, "invalid_code", "body/code is not a valid code");
        const account = await requireAccount(pool, userId);
        const session = await startSession(pool, userId, { amr: ["pwd", factor], ttlSeconds: ttl });
        return send(request, reply, await tokenPair(context, account, session));
      },
    );

    sessionRoutes(app, context, origins);
  };
}

/** Refresh and logout: the routes that take the cookie in place of a token. */
function sessionRoutes(app: FastifyInstance, context: ApiContext, origins: readonly string[]): void {
  const { pool, config } = context;
  const ttl = config.REFRESH_TOKEN_TTL_SECONDS;
  const send = deliverer(ttl);
  app.post<{ Body: Static<typeof RefreshBody> | undefined }>(
    "/refresh",
    {
      // A browser refreshing with its cookie may send no body at all: read that as an empty one.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
      schema: {
        tags: ["auth"],
        description: `Exchanges a refresh token (body, else the phoenix_refresh cookie) for a new pair; a token used twice revokes its session (401 refresh_token_reused). Answers by cookie when the cookie was used. ${cookieModeNote}`,
        body: RefreshBody,
        response: withErrors({ 200: TokenPair }),
      },
    },
    async (request, reply) => {
      const fromBody = request.body?.refreshToken;
      const fromCookie = fromBody === undefined ? refreshCookie(request) : undefined;
      if (fromCookie !== undefined) checkSameOrigin(request, origins);
      const token = fromBody ?? fromCookie;
      if (token === undefined)
        throw new HttpError(
          401,
          "invalid_refresh_token",
          "body/refreshToken or the phoenix_refresh cookie is required",
        );
      try {
        const session = await rotateSession(pool, token, rotationPolicy(config));
        const pair = await tokenPair(context, await requireAccount(pool, session.userId), session);
        if (fromCookie === undefined) return send(request, reply, pair);
        setRefreshCookie(reply, pair.refreshToken, ttl);
        const { refreshToken: _inCookie, ...rest } = pair;
        return rest;
      } catch (err) {
        // A cookie that no longer works is dropped, so the page shows the login form at once.
        if (fromCookie !== undefined) clearRefreshCookie(reply);
        throw err;
      }
    },
  );

  app.post(
    "/logout",
    {
      config: { tolerateBadToken: true } satisfies GuardConfig,
      schema: {
        tags: ["auth"],
        description:
          "Ends the session: revokes the refresh-token family of the Bearer access token, of the phoenix_refresh cookie (then X-Phoenix-CSRF: 1 is required), or both, and clears the cookie. With the cookie, an expired access token sent along does not matter. 401 with neither.",
        security: [...bearer, {}],
        response: withErrors({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const cookie = refreshCookie(request);
      if (cookie !== undefined) checkSameOrigin(request, origins);
      else if (request.authError) throw request.authError;
      if (!request.principal && cookie === undefined) principalOf(request);
      if (request.principal) {
        const { userId, sessionId } = request.principal;
        await revokeFamily(pool, userId, sessionId, "logout");
      }
      if (cookie !== undefined) await revokeByToken(pool, cookie, "logout");
      if (cookie !== undefined || wantsCookie(request)) clearRefreshCookie(reply);
      return reply.code(204).send();
    },
  );
}

/** Password check, then either tokens or the MFA challenge. Every failure is the same 401. */
async function login(context: ApiContext, body: Static<typeof LoginBody>) {
  const { pool, passwords } = context;
  const found = await findLogin(pool, normaliseEmail(body.email));
  if (!found) {
    await passwords.verifyNothing(body.password);
    throw invalidCredentials();
  }
  if (!(await passwords.verify(found.passwordHash, body.password))) throw invalidCredentials();
  if (passwords.needsRehash(found.passwordHash)) {
    await updatePasswordHash(pool, found.account.id, await passwords.hash(body.password));
  }
  if (await mfaEnabled(context, found.account.id)) {
    return { mfaRequired: true as const, mfaToken: await context.tokens.issueMfaChallenge(found.account.id) };
  }
  const session = await startSession(pool, found.account.id, {
    amr: ["pwd"],
    ttlSeconds: context.config.REFRESH_TOKEN_TTL_SECONDS,
  });
  return tokenPair(context, found.account, session);
}

function mfaEnabled(context: ApiContext, userId: string): Promise<boolean> {
  return withUser(context.pool, userId, (tx) => context.mfa.enabled(tx, userId));
}
