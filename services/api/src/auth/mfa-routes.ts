// /v1/me/mfa: TOTP enrolment (secret + otpauth URL), confirmation (returns recovery codes once),
// recovery-code regeneration and disabling. Turning MFA on or off ends the user's other sessions.
import { withUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import type { ApiContext } from "../context.ts";
import { NoContent, bearer, withErrors } from "../schemas.ts";
import { requireAccount } from "./accounts.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { revokeOtherSessions } from "./sessions.ts";

const CodeBody = Type.Object({
  code: Type.String({ minLength: 6, maxLength: 11, description: "A 6-digit TOTP code or a recovery code." }),
});
const Enrolment = Type.Object({
  secret: Type.String({ description: "Base32 TOTP secret, for manual entry." }),
  otpauthUrl: Type.String({ description: "otpauth:// URI for a QR code." }),
});
const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: "One-time codes; shown only now." }),
});

export function mfaRoutes(context: ApiContext) {
  const { mfa, pool } = context;
  const common = { tags: ["mfa"], security: bearer };
  const endOtherSessions = (userId: string, keep: string) =>
    withUser(pool, userId, (tx) => revokeOtherSessions(tx, userId, keep, "mfa_changed"));

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireUser);

    app.post(
      "/enrol",
      { schema: { ...common, response: withErrors({ 200: Enrolment }) } },
      async (request) => {
        const { userId } = principalOf(request);
        const account = await requireAccount(pool, userId);
        return mfa.enrol(userId, account.email ?? userId);
      },
    );

    app.post<{ Body: Static<typeof CodeBody> }>(
      "/confirm",
      { schema: { ...common, body: CodeBody, response: withErrors({ 200: RecoveryCodes }) } },
      async (request) => {
        const { userId, sessionId } = principalOf(request);
        const recoveryCodes = await mfa.confirm(userId, request.body.code);
        await endOtherSessions(userId, sessionId);
        return { recoveryCodes };
      },
    );

    app.post<{ Body: Static<typeof CodeBody> }>(
      "/recovery-codes",
      { schema: { ...common, body: CodeBody, response: withErrors({ 200: RecoveryCodes }) } },
      async (request) => ({
        recoveryCodes: await mfa.regenerateRecoveryCodes(principalOf(request).userId, request.body.code),
      }),
    );

    app.post<{ Body: Static<typeof CodeBody> }>(
      "/disable",
      { schema: { ...common, body: CodeBody, response: withErrors({ 204: NoContent }) } },
      async (request, reply) => {
        const { userId, sessionId } = principalOf(request);
        await mfa.disable(userId, request.body.code);
        await endOtherSessions(userId, sessionId);
        return reply.code(204).send();
      },
    );
  };
}
