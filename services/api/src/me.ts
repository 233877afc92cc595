// /v1/me: the caller's profile, its editable fields, and today's SMS quota.
import { LANGUAGES } from "@phoenix/assistant";
import { HttpError } from "@phoenix/kernel/http";
import { quotaLimits, smsQuota, withUser } from "@phoenix/store";
import type { QuotaUser } from "@phoenix/store";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { accountColumns, normalisePhone, toAccount } from "./auth/accounts.ts";
import type { Account } from "./auth/accounts.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { rolesOf } from "@phoenix/kernel/access-tokens";
import type { ApiContext } from "./context.ts";
import { PhoneInput, Timestamp, bearer, withErrors } from "./schemas.ts";

// Unsafe only to name the static type: TypeBox types a union built from a mapped array as never.
const languageCode = (description: string) =>
  Type.Unsafe<(typeof LANGUAGES)[number]>(
    Type.Union(
      LANGUAGES.map((code) => Type.Literal(code)),
      { description },
    ),
  );

const clock = Type.String({ pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$", description: "HH:MM, 24-hour" });
const QuietHours = Type.Object(
  { start: clock, end: clock },
  {
    additionalProperties: false,
    description: "From start to end, across midnight when end < start (22:00–07:00).",
  },
);

export const Profile = Type.Object(
  {
    id: Type.String(),
    email: Type.Union([Type.String(), Type.Null()]),
    phone: Type.Union([Type.String(), Type.Null()]),
    plan: Type.Union([Type.Literal("free"), Type.Literal("premium")]),
    roles: Type.Array(Type.Union([Type.Literal("user"), Type.Literal("premium"), Type.Literal("admin")])),
    timeZone: Type.String(),
    language: languageCode(
      "The language of the assistant's texts: the user's choice, else the default of their phone's country (fr for +33 and other French-speaking codes).",
    ),
    quietHours: Type.Union([QuietHours, Type.Null()], {
      description: "When the assistant holds its texts back, in timeZone; null: no quiet hours.",
    }),
    mfaEnabled: Type.Boolean(),
    createdAt: Timestamp,
  },
  { $id: "Profile" },
);
const ProfilePatch = Type.Object(
  {
    phone: Type.Optional(PhoneInput),
    timeZone: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: "IANA zone, e.g. Europe/Berlin" }),
    ),
    language: Type.Optional(languageCode("The language of the assistant's texts.")),
    quietHours: Type.Optional(
      Type.Union([QuietHours, Type.Null()], { description: "null removes them (the SMS 'quiet off')." }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
const Quota = Type.Object(
  {
    scope: Type.Literal("sms"),
    plan: Type.Union([Type.Literal("free"), Type.Literal("premium")]),
    limit: Type.Integer({ description: "Texts answered per local day on this plan." }),
    used: Type.Integer({
      description: "Texts received today (the user's local day), whatever became of them.",
    }),
    remaining: Type.Integer({
      description: "Texts still answered today; past the limit one notice, then silence.",
    }),
    day: Type.String({ format: "date", description: "The local day counted, in timeZone." }),
    timeZone: Type.String(),
    resetsAt: { ...Timestamp, description: "The next local midnight, when the count starts again." },
    resetSeconds: Type.Integer({ description: "Seconds until resetsAt." }),
  },
  {
    description:
      "The SMS quota the assistant enforces (QUOTA_FREE_PER_DAY / QUOTA_PREMIUM_PER_DAY), counted the same way.",
  },
);

export function profileOf(account: Account, mfaEnabled: boolean) {
  return {
    id: account.id,
    email: account.email,
    phone: account.phone,
    plan: account.plan,
    roles: rolesOf(account),
    timeZone: account.timeZone,
    language: account.language,
    quietHours: account.quietHours,
    mfaEnabled,
    createdAt: account.createdAt.toISOString(),
  };
}

function validTimeZone(zone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    throw new HttpError(400, "validation_error", "body/timeZone must be an IANA time zone");
  }
}

export function meRoutes(context: ApiContext) {
  const { pool } = context;
  const limits = quotaLimits(context.config);
  const common = { tags: ["me"], security: bearer };
  // One transaction: the hot path of every client (and of the benchmark).
  const profile = (userId: string) =>
    withUser(pool, userId, async (tx) => {
      const { rows } = await tx.query<Parameters<typeof toAccount>[0] & { mfa: boolean }>(
        `SELECT ${accountColumns}, EXISTS (SELECT 1 FROM mfa_totp m WHERE m.user_id = users.id AND m.confirmed_at IS NOT NULL) AS mfa
           FROM users WHERE id = $1`,
        [userId],
      );
      if (!rows[0]) throw new HttpError(404, "user_not_found", "the account no longer exists");
      return profileOf(toAccount(rows[0]), rows[0].mfa);
    });

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireUser);

    app.get(
      "",
      { schema: { ...common, response: withErrors({ 200: Type.Ref("Profile") }) } },
      async (request) => profile(principalOf(request).userId),
    );

    app.patch<{ Body: Static<typeof ProfilePatch> }>(
      "",
      { schema: { ...common, body: ProfilePatch, response: withErrors({ 200: Type.Ref("Profile") }) } },
      async (request) => {
        const { userId } = principalOf(request);
        const phone = request.body.phone === undefined ? null : normalisePhone(request.body.phone);
        const zone = request.body.timeZone === undefined ? null : validTimeZone(request.body.timeZone);
        const quiet = request.body.quietHours;
        if (quiet && quiet.start === quiet.end)
          throw new HttpError(
            400,
            "validation_error",
            "body/quietHours must not start and end at the same time",
          );
        await withUser(pool, userId, async (tx) => {
          await tx.query(
            `UPDATE users SET phone_e164 = coalesce($2, phone_e164), time_zone = coalesce($3, time_zone),
               language = coalesce($4, language), updated_at = now() WHERE id = $1`,
            [userId, phone, zone, request.body.language ?? null],
          );
          // Absent: unchanged; null: none; the same columns the SMS "quiet 22-7" writes.
          if (quiet !== undefined)
            await tx.query("UPDATE users SET quiet_start = $2, quiet_end = $3 WHERE id = $1", [
              userId,
              quiet?.start ?? null,
              quiet?.end ?? null,
            ]);
        }).catch((err: unknown) => {
          if ((err as { code?: string }).code === "23505")
            throw new HttpError(409, "phone_taken", "body/phone is already registered");
          throw err;
        });
        return profile(userId);
      },
    );

    app.get("/quota", { schema: { ...common, response: withErrors({ 200: Quota }) } }, async (request) => {
      const { userId } = principalOf(request);
      const now = context.now();
      const quota = await withUser(pool, userId, async (tx) => {
        const { rows } = await tx.query<QuotaUser>("SELECT id, plan, time_zone FROM users WHERE id = $1", [
          userId,
        ]);
        if (!rows[0]) throw new HttpError(404, "user_not_found", "the account no longer exists");
        return smsQuota(tx, rows[0], limits, { at: now });
      });
      return {
        scope: "sms" as const,
        ...quota,
        resetsAt: quota.resetsAt.toISOString(),
        resetSeconds: Math.ceil((quota.resetsAt.getTime() - now.getTime()) / 1000),
      };
    });
  };
}
