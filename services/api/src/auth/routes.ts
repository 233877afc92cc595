// /v1/auth: signup, login (with the TOTP second step), refresh, logout.
import { HttpError } from "@phoenix/kernel/http";
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
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
import { principalOf, requireUser } from "./guard.ts";
import { revokeFamily, rotateSession, rotationPolicy, startSession } from "./sessions.ts";

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
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 40, maxLength: 200 }) });
const SignupResponse = Type.Object({ userId: Type.String(), ...TokenPair.properties });

const invalidCredentials = () => new HttpError(401, "invalid_credentials", "e-mail or password is wrong");

export function authRoutes(context: ApiContext) {
  const { pool, passwords, limiter, mfa, config } = context;
  const ttl = config.REFRESH_TOKEN_TTL_SECONDS;

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof SignupBody> }>(
      "/signup",
      { schema: { tags: ["auth"], body: SignupBody, response: withErrors({ 201: SignupResponse }) } },
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
        return reply.code(201).send({ userId: account.id, ...(await tokenPair(context, account, session)) });
      },
    );

    app.post<{ Body: Static<typeof LoginBody> }>(
      "/login",
      {
        schema: {
          tags: ["auth"],
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
        return login(context, request.body);
      },
    );

    app.post<{ Body: Static<typeof MfaBody> }>(
      "/mfa",
      { schema: { tags: ["auth"], body: MfaBody, response: withErrors({ 200: TokenPair }) } },
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
        return tokenPair(context, account, session);
      },
    );

    app.post<{ Body: Static<typeof RefreshBody> }>(
      "/refresh",
      { schema: { tags: ["auth"], body: RefreshBody, response: withErrors({ 200: TokenPair }) } },
      async (request) => {
        const session = await rotateSession(pool, request.body.refreshToken, rotationPolicy(config));
        const account = await requireAccount(pool, session.userId);
        return tokenPair(context, account, session);
      },
    );

    app.post(
      "/logout",
      {
        preHandler: requireUser,
        schema: { tags: ["auth"], security: bearer, response: withErrors({ 204: NoContent }) },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        await revokeFamily(pool, principal.userId, principal.sessionId, "logout");
        return reply.code(204).send();
      },
    );
  };
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
