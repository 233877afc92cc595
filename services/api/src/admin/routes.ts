// /v1/admin (role admin): key-set status, rate-limit reset, user lookup, forced number release
// and account deletion. Lookups cross users, so they run in the system scope.
import { HttpError } from "@phoenix/kernel/http";
import type { Keyring } from "@phoenix/kernel/keyring";
import { withSystem } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { accountColumns, normaliseEmail, normalisePhone, toAccount } from "../auth/accounts.ts";
import { requireRole } from "@phoenix/kernel/access-guard";
import type { ApiContext } from "../context.ts";
import { deleteAccount } from "../gdpr/delete.ts";
import { deletionDeps } from "../gdpr/routes.ts";
import { profileOf } from "../me.ts";
import { NoContent, NullableTimestamp, Timestamp, Uuid, bearer, withErrors } from "../schemas.ts";

const KeySetStatus = Type.Object({
  type: Type.String(),
  algorithm: Type.String(),
  revision: Type.Integer(),
  signingKid: Type.Union([Type.String(), Type.Null()]),
  keys: Type.Array(
    Type.Object({
      kid: Type.String(),
      state: Type.String(),
      createdAt: Timestamp,
      activatesAt: Timestamp,
      retiresAt: NullableTimestamp,
    }),
  ),
});
const UserQuery = Type.Object(
  {
    email: Type.Optional(Type.String({ minLength: 3 })),
    phone: Type.Optional(Type.String({ minLength: 2 })),
    id: Type.Optional(Uuid),
  },
  { minProperties: 1, additionalProperties: false },
);
const UserParams = Type.Object({ id: Uuid });
const ResetParams = Type.Object({
  scope: Type.Union([Type.Literal("api"), Type.Literal("login")]),
  subject: Type.String({
    minLength: 1,
    maxLength: 300,
    description: "user id (api), account:<email> or ip:<address> (login)",
  }),
});

// null while no active key has reached its activatesAt (the replica cannot sign: not ready).
function signingKidOf(keyring: Keyring): string | null {
  try {
    return keyring.signingKey().kid;
  } catch {
    return null;
  }
}

function keySetStatus(keyring: Keyring) {
  const set = keyring.current();
  return {
    type: set.type,
    algorithm: set.algorithm,
    revision: set.revision,
    signingKid: signingKidOf(keyring),
    keys: keyring.verificationKeys().map((key) => ({
      kid: key.kid,
      state: key.state,
      createdAt: key.createdAt.toISOString(),
      activatesAt: key.activatesAt.toISOString(),
      retiresAt: key.retiresAt?.toISOString() ?? null,
    })),
  };
}

export function adminRoutes(context: ApiContext) {
  const common = { tags: ["admin"], security: bearer };

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireRole("admin", { mfa: context.config.ADMIN_REQUIRE_MFA }));

    app.get(
      "/keys",
      {
        schema: {
          ...common,
          response: withErrors({ 200: Type.Object({ jwt: KeySetStatus, internal: KeySetStatus }) }),
        },
      },
      // eslint-disable-next-line @typescript-eslint/require-await
      async () => ({ jwt: keySetStatus(context.jwtKeys), internal: keySetStatus(context.internalKeys) }),
    );

    app.post<{ Params: { set: "jwt" | "internal" } }>(
      "/keys/:set/rotate",
      {
        schema: {
          ...common,
          description:
            "Asks the operator to rotate the key set now (KeyRotation phoenix.dev/rotate annotation).",
          params: Type.Object({ set: Type.Union([Type.Literal("jwt"), Type.Literal("internal")]) }),
          response: withErrors({ 202: Type.Object({ keyRotation: Type.String(), trigger: Type.String() }) }),
        },
      },
      async (request, reply) => {
        const { config } = context;
        const name = request.params.set === "jwt" ? config.KEY_ROTATION_JWT : config.KEY_ROTATION_INTERNAL;
        const trigger = await context.keyRotations.trigger(name);
        return reply.code(202).send({ keyRotation: name, trigger });
      },
    );

    app.delete<{ Params: Static<typeof ResetParams> }>(
      "/rate-limits/:scope/:subject",
      {
        schema: {
          ...common,
          params: ResetParams,
          response: withErrors({ 200: Type.Object({ removed: Type.Integer() }) }),
        },
      },
      async (request) => ({
        removed: await context.limiter.reset(request.params.scope, request.params.subject),
      }),
    );

    app.get<{ Querystring: Static<typeof UserQuery> }>(
      "/users",
      {
        schema: {
          ...common,
          querystring: UserQuery,
          response: withErrors({ 200: Type.Array(Type.Ref("Profile")) }),
        },
      },
      async (request) => lookupUsers(context, request.query),
    );

    app.delete<{ Params: Static<typeof UserParams> }>(
      "/users/:id/number",
      { schema: { ...common, params: UserParams, response: withErrors({ 204: NoContent }) } },
      async (request, reply) => {
        if (!(await context.numbers.delete(request.params.id)))
          throw new HttpError(404, "no_number", "the user has no number");
        return reply.code(204).send();
      },
    );

    app.delete<{ Params: Static<typeof UserParams> }>(
      "/users/:id",
      { schema: { ...common, params: UserParams, response: withErrors({ 204: NoContent }) } },
      async (request, reply) => {
        const report = await deleteAccount(deletionDeps(context), request.params.id, "admin");
        if (!report.deleted) throw new HttpError(404, "user_not_found", "no such user");
        return reply.code(204).send();
      },
    );
  };
}

async function lookupUsers(context: ApiContext, query: Static<typeof UserQuery>) {
  const email = query.email === undefined ? null : normaliseEmail(query.email);
  const phone = query.phone === undefined ? null : normalisePhone(query.phone, "querystring/phone");
  return withSystem(context.pool, async (tx) => {
    const { rows } = await tx.query(
      `SELECT ${accountColumns}, EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = users.id AND m.confirmed_at IS NOT NULL) AS mfa
         FROM users WHERE ($1::text IS NULL OR email = $1) AND ($2::text IS NULL OR phone_e164 = $2)
          AND ($3::uuid IS NULL OR id = $3) LIMIT 50`,
      [email, phone, query.id ?? null],
    );
    return rows.map((row) =>
      profileOf(toAccount(row as Parameters<typeof toAccount>[0]), (row as { mfa: boolean }).mfa),
    );
  });
}
