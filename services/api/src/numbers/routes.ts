// /v1/me/number: activate, show and release the user's dedicated number (a TwilioNumber CR).
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyInstance } from "fastify";
import Type from "typebox";
import type { Static } from "typebox";
import { requireAccount } from "../auth/accounts.ts";
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import type { ApiContext } from "../context.ts";
import { NoContent, bearer, withErrors } from "../schemas.ts";

export const NumberBody = Type.Object(
  {
    name: Type.String({ description: "The TwilioNumber resource." }),
    namespace: Type.String(),
    state: Type.Union([
      Type.Literal("provisioning"),
      Type.Literal("ready"),
      Type.Literal("failed"),
      Type.Literal("releasing"),
    ]),
    phoneNumber: Type.Union([Type.String(), Type.Null()], { description: "E.164 once provisioned." }),
    reason: Type.Union([Type.String(), Type.Null()]),
    message: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "Number" },
);

const ActivateBody = Type.Object(
  {
    areaCode: Type.Optional(Type.String({ pattern: "^[0-9]{2,5}$" })),
    countryCode: Type.Optional(Type.String({ pattern: "^[A-Z]{2}$" })),
  },
  { additionalProperties: false },
);

export function numberRoutes(context: ApiContext) {
  const { numbers, pool } = context;
  const common = { tags: ["numbers"], security: bearer };

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app: FastifyInstance) => {
    app.addHook("preHandler", requireUser);

    app.post<{ Body: Static<typeof ActivateBody> }>(
      "",
      {
        // The body is optional: no body means "any number".
        // eslint-disable-next-line @typescript-eslint/require-await
        preValidation: async (request) => {
          // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the route's type promises a body; this hook keeps that promise when a request has none
          request.body ??= {};
        },
        schema: {
          ...common,
          body: ActivateBody,
          response: withErrors({ 200: Type.Ref("Number"), 201: Type.Ref("Number") }),
        },
      },
      async (request, reply) => {
        const { userId } = principalOf(request);
        // A deleted account's still-valid access token must not create a number for nobody.
        await requireAccount(pool, userId);
        const { created, number } = await numbers.create(userId, request.body);
        return reply.code(created ? 201 : 200).send(number);
      },
    );

    app.get(
      "",
      { schema: { ...common, response: withErrors({ 200: Type.Ref("Number") }) } },
      async (request) => {
        const number = await numbers.get(principalOf(request).userId);
        if (!number) throw new HttpError(404, "no_number", "no number is activated; POST /v1/me/number");
        return number;
      },
    );

    app.delete(
      "",
      { schema: { ...common, response: withErrors({ 204: NoContent }) } },
      async (request, reply) => {
        if (!(await numbers.delete(principalOf(request).userId))) {
          throw new HttpError(404, "no_number", "no number is activated");
        }
        return reply.code(204).send();
      },
    );
  };
}
