// /v1/me: consents, the data export and account deletion.
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { clearRefreshCookie } from "../auth/browser-session.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { ReauthBody, reauthenticate } from "../auth/reauth.ts";
import type { ApiContext } from "../context.ts";
import { NullableTimestamp, Timestamp, bearer, iso, withErrors } from "../schemas.ts";
import { grantConsent, listConsents, withdrawConsent } from "./consents.ts";
import type { Consent } from "./consents.ts";
import { deleteAccount } from "./delete.ts";
import { exportUser } from "./export.ts";

const ConsentType = Type.String({
  pattern: "^[a-z][a-z0-9_.-]{1,63}$",
  description: "e.g. sms_reminders, marketing",
});
const ConsentBody = Type.Object({
  type: ConsentType,
  policyVersion: Type.String({ minLength: 1, maxLength: 64 }),
});
const ConsentView = Type.Object({
  id: Type.String(),
  type: Type.String(),
  policyVersion: Type.String(),
  grantedAt: Timestamp,
  withdrawnAt: NullableTimestamp,
});
const ExportBody = Type.Object({
  exportedAt: Timestamp,
  user: Type.Record(Type.String(), Type.Unknown()),
  tables: Type.Record(Type.String(), Type.Array(Type.Record(Type.String(), Type.Unknown()))),
  number: Type.Union([Type.Ref("Number"), Type.Null()]),
});
const DeletionBody = Type.Object({
  deleted: Type.Boolean(),
  jobsRemoved: Type.Integer(),
  numberReleased: Type.Boolean(),
});

const view = (consent: Consent) => ({
  ...consent,
  grantedAt: consent.grantedAt.toISOString(),
  withdrawnAt: iso(consent.withdrawnAt),
});

export function gdprRoutes(context: ApiContext) {
  const { pool } = context;
  const common = { tags: ["gdpr"], security: bearer };

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireUser);

    app.get(
      "/consents",
      { schema: { ...common, response: withErrors({ 200: Type.Array(ConsentView) }) } },
      async (request) => (await listConsents(pool, principalOf(request).userId)).map(view),
    );

    app.post<{ Body: Static<typeof ConsentBody> }>(
      "/consents",
      {
        schema: {
          ...common,
          body: ConsentBody,
          response: withErrors({ 200: ConsentView, 201: ConsentView }),
        },
      },
      async (request, reply) => {
        const { created, consent } = await grantConsent(pool, principalOf(request).userId, request.body);
        return reply.code(created ? 201 : 200).send(view(consent));
      },
    );

    app.delete<{ Params: { type: string } }>(
      "/consents/:type",
      {
        schema: {
          ...common,
          params: Type.Object({ type: ConsentType }),
          response: withErrors({ 200: ConsentView }),
        },
      },
      async (request) => view(await withdrawConsent(pool, principalOf(request).userId, request.params.type)),
    );

    app.get(
      "/export",
      { schema: { ...common, response: withErrors({ 200: ExportBody }) } },
      async (request, reply) => {
        const { userId } = principalOf(request);
        const data = await exportUser(pool, userId);
        if (!data) throw new HttpError(404, "user_not_found", "the account no longer exists");
        const number = (await context.numbers.get(userId)) ?? null;
        reply.header("content-disposition", 'attachment; filename="phoenix-export.json"');
        return { ...data, number };
      },
    );

    app.delete<{ Body: Static<typeof ReauthBody> }>(
      "",
      {
        schema: {
          ...common,
          description:
            "Deletes the account and everything of it (rows, queued jobs, the number released through the operator, Stripe subscriptions cancelled) after re-authentication: the current password, and a code with MFA on (401 invalid_credentials, mfa_code_required, invalid_code). Ends the session: the refresh cookie is cleared.",
          body: ReauthBody,
          response: withErrors({ 200: DeletionBody }),
        },
      },
      async (request, reply) => {
        const userId = await reauthenticate(context, request, reply, request.body);
        const report = await deleteAccount(deletionDeps(context), userId, "self");
        if (!report.deleted) throw new HttpError(404, "user_not_found", "the account no longer exists");
        await context.limiter.reset("api", userId).catch(() => undefined);
        clearRefreshCookie(reply);
        return report;
      },
    );
  };
}

export function deletionDeps(context: ApiContext) {
  const billing = context.billing;
  return {
    pool: context.pool,
    queues: context.queues,
    numbers: context.numbers,
    logger: context.logger,
    ...(billing && { closeBilling: (userId: string) => billing.closeCustomer(userId) }),
  };
}
