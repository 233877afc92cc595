// Re-authentication for the acts a stolen access token must not be enough for — deleting the
// account, changing the password: the current password, and a TOTP or recovery code when MFA is on,
// checked on the request itself and limited like login attempts.
import { HttpError } from "@phoenix/kernel/http";
import { withUser } from "@phoenix/store";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { clientIp } from "../client-ip.ts";
import type { ApiContext } from "../context.ts";
import { enforce } from "../rate-limit/http.ts";
import { NoContent, Password, bearer, withErrors } from "../schemas.ts";
import { setPasswordHash } from "./accounts.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { revokeOtherSessions } from "./sessions.ts";

export const ReauthFields = {
  password: Type.String({ minLength: 1, maxLength: 256, description: "The current password." }),
  code: Type.Optional(
    Type.String({
      minLength: 6,
      maxLength: 11,
      description: "A TOTP or recovery code; required when MFA is on.",
    }),
  ),
};
export const ReauthBody = Type.Object(ReauthFields, { additionalProperties: false });

/** Checks the caller's password (and code, with MFA on); throws 401 with a code naming the field. */
export async function reauthenticate(
  context: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  body: Static<typeof ReauthBody>,
): Promise<string> {
  const { userId } = principalOf(request);
  enforce(
    reply,
    await context.limiter.login(`reauth:${userId}`, clientIp(request, context.config.TRUST_PROXY_HOPS)),
  );
  const { hash, mfa } = await withUser(context.pool, userId, async (tx) => {
    const { rows } = await tx.query<{ password_hash: string }>(
      "SELECT password_hash FROM credentials WHERE user_id = $1",
      [userId],
    );
    return { hash: rows[0]?.password_hash, mfa: await context.mfa.enabled(tx, userId) };
  });
  if (hash === undefined)
    throw new HttpError(409, "no_password", "this account has no password to confirm with");
  if (!(await context.passwords.verify(hash, body.password)))
    throw new HttpError(401, "invalid_credentials", "body/password is wrong");
  if (!mfa) return userId;
  if (body.code === undefined)
    throw new HttpError(401, "mfa_code_required", "body/code is required: MFA is on");
  if (!(await context.mfa.verify(userId, body.code)))
    throw new HttpError(401, "invalid_code", "body/code is not a valid code");
  return userId;
}

const PasswordChange = Type.Object(
  { ...ReauthFields, newPassword: { ...Password, description: "10 to 256 characters." } },
  { additionalProperties: false },
);

/** POST /v1/me/password: a new password; every other session ends. */
export function passwordRoutes(context: ApiContext) {
  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.post<{ Body: Static<typeof PasswordChange> }>(
      "",
      {
        preHandler: requireUser,
        schema: {
          tags: ["me"],
          security: bearer,
          description:
            "Changes the password after checking the current one (and a code with MFA on); the caller's session stays, every other ends (their refresh tokens are revoked).",
          body: PasswordChange,
          response: withErrors({ 204: NoContent }),
        },
      },
      async (request, reply) => {
        const { sessionId } = principalOf(request);
        const userId = await reauthenticate(context, request, reply, request.body);
        const hash = await context.passwords.hash(request.body.newPassword);
        // One transaction: a new password never stands with the old sessions still alive.
        await withUser(context.pool, userId, async (tx) => {
          await setPasswordHash(tx, userId, hash);
          await revokeOtherSessions(tx, userId, sessionId, "password_changed");
        });
        return reply.code(204).send();
      },
    );
  };
}
