// The control API under /_control: no authentication, for tests and demos on loopback only.
// Inspect state and cost, inject faults, send inbound SMS, change a number behind the
// platform's back (drift), seed the inventory, choose delivery outcomes, reset.
import { setPerOperation } from "@phoenix/kernel/emulator";
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "./context.ts";
import type {
  ApiKeyRequest,
  AreaSeedRequest,
  DestinationRequest,
  FaultsRequest,
  InboundRequest,
  InboundResponse,
  MessagesQuery,
  NumberPatchRequest,
  PhoneNumberPricesRequest,
} from "./control-schema.ts";
import {
  ApiKeyParamsSchema,
  ApiKeySchema,
  AreaCodeSchema,
  AreaSeedSchema,
  DestinationParamsSchema,
  DestinationSchema,
  FaultsSchema,
  InboundSchema,
  IsoCountrySchema,
  MessagesQuerySchema,
  NumberIdSchema,
  NumberPatchSchema,
  PhoneNumberPricesSchema,
  StateQuerySchema,
} from "./control-schema.ts";
import { messageView, numberView, stateView } from "./control-views.ts";
import { addFailure, createFaults, describeFaults, setRateLimit } from "./faults.ts";
import { InboundError, deliverInbound } from "./inbound.ts";
import type { InboundOutcome } from "./inbound.ts";
import { applyPatch, isWebhookUrl } from "./numbers.ts";
import { seedArea } from "./pool.ts";
import type { EmulatorState, IncomingNumber } from "./state.ts";
import { resetState } from "./state.ts";
import { newSid } from "./twilio-format.ts";

export const CONTROL_PREFIX = "/_control";

/** Register with `{ prefix: CONTROL_PREFIX }`. */
export function registerControlApi(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.get<{ Querystring: { summary?: boolean } }>(
    "/state",
    { schema: { querystring: StateQuerySchema } },
    (request, reply) => reply.send(stateView(state, { summary: request.query.summary ?? false })),
  );

  app.get<{ Querystring: MessagesQuery }>(
    "/messages",
    { schema: { querystring: MessagesQuerySchema } },
    (request, reply) => {
      const { to, from, direction, status } = request.query;
      const matching = [...state.messages.values()].filter(
        (message) =>
          (!to || message.to === to) &&
          (!from || message.from === from) &&
          (!direction || message.direction === direction) &&
          (!status || message.status === status),
      );
      return reply.send(matching.map(messageView));
    },
  );

  app.post("/reset", (_request, reply) => {
    ctx.scheduler.cancelAll();
    resetState(state, ctx.clock.now());
    return reply.code(204).send();
  });

  app.post<{ Body: FaultsRequest }>("/faults", { schema: { body: FaultsSchema } }, (request, reply) => {
    applyFaults(ctx, request.body);
    return reply.send(describeFaults(state.faults));
  });

  app.delete("/faults", (_request, reply) => {
    state.faults = createFaults();
    return reply.code(204).send();
  });

  app.post<{ Body: InboundRequest }>(
    "/inbound",
    { schema: { body: InboundSchema } },
    async (request, reply) => {
      try {
        return await reply.send(inboundResponse(await deliverInbound(ctx, request.body)));
      } catch (err) {
        if (err instanceof InboundError) throw new HttpError(err.statusCode, "inbound_rejected", err.message);
        throw err;
      }
    },
  );

  registerNumberControls(app, ctx);
  registerPricingControls(app, ctx);
}

/** The Pricing API's state: a country's number prices, replaced or removed (then Twilio's 404). */
function registerPricingControls(app: FastifyInstance, { state }: EmulatorContext): void {
  app.put<{ Params: { isoCountry: string }; Body: PhoneNumberPricesRequest }>(
    "/pricing/phone-numbers/:isoCountry",
    { schema: { params: IsoCountrySchema, body: PhoneNumberPricesSchema } },
    (request, reply) => {
      const { country, priceUnit = "USD", prices } = request.body;
      const entry = {
        country,
        priceUnit,
        prices: prices.map(({ numberType, basePrice, currentPrice = basePrice }) => ({
          numberType,
          basePrice,
          currentPrice,
        })),
      };
      state.phoneNumberPrices.set(request.params.isoCountry, entry);
      return reply.send(entry);
    },
  );

  app.delete<{ Params: { isoCountry: string } }>(
    "/pricing/phone-numbers/:isoCountry",
    { schema: { params: IsoCountrySchema } },
    (request, reply) => {
      if (!state.phoneNumberPrices.delete(request.params.isoCountry))
        throw new HttpError(404, "not_found", `no prices for ${request.params.isoCountry}`);
      return reply.code(204).send();
    },
  );
}

function registerNumberControls(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.patch<{ Params: { id: string }; Body: NumberPatchRequest }>(
    "/numbers/:id",
    { schema: { params: NumberIdSchema, body: NumberPatchSchema } },
    (request, reply) => {
      const number = findOwned(state, request.params.id);
      for (const url of [request.body.smsUrl, request.body.smsFallbackUrl, request.body.statusCallback]) {
        if (url && !isWebhookUrl(url))
          throw new HttpError(400, "invalid_url", `not a valid webhook URL: ${url}`);
      }
      const now = ctx.clock.now();
      applyPatch(state, number, request.body, now);
      state.audit.push({ at: now, kind: "drift", sid: number.sid, phoneNumber: number.phoneNumber });
      return reply.send(numberView(number));
    },
  );

  app.put<{ Params: { areaCode: string }; Body: AreaSeedRequest }>(
    "/available/:areaCode",
    { schema: { params: AreaCodeSchema, body: AreaSeedSchema } },
    (request, reply) => {
      seedArea(state.pool, { areaCode: request.params.areaCode, ...request.body });
      return reply.send({
        areaCode: request.params.areaCode,
        size: state.pool.areas.get(request.params.areaCode)?.numbers.length ?? 0,
      });
    },
  );

  app.put<{ Params: { to: string }; Body: DestinationRequest }>(
    "/destinations/:to",
    { schema: { params: DestinationParamsSchema, body: DestinationSchema } },
    (request, reply) => {
      const outcome = { status: request.body.status, errorCode: request.body.errorCode ?? null };
      state.destinations.set(request.params.to, outcome);
      return reply.send(outcome);
    },
  );

  app.delete<{ Params: { to: string } }>("/destinations/:to", (request, reply) => {
    state.destinations.delete(request.params.to);
    return reply.code(204).send();
  });

  app.post<{ Body: ApiKeyRequest }>("/api-keys", { schema: { body: ApiKeySchema } }, (request, reply) => {
    const sid = request.body.sid ?? newSid("SK");
    const secret = request.body.secret ?? newSid("");
    state.apiKeys.set(sid, secret);
    return reply.code(201).send({ sid, secret });
  });

  app.delete<{ Params: { sid: string } }>(
    "/api-keys/:sid",
    { schema: { params: ApiKeyParamsSchema } },
    (request, reply) => {
      if (!state.apiKeys.delete(request.params.sid)) throw new HttpError(404, "not_found", "no such API key");
      return reply.code(204).send();
    },
  );
}

function applyFaults(ctx: EmulatorContext, body: FaultsRequest): void {
  const { faults } = ctx.state;
  setPerOperation(faults.latencyMs, body.latencyMs ?? {});
  setPerOperation(faults.responseDelayMs, body.responseDelayMs ?? {});
  for (const failure of body.failures ?? []) addFailure(faults, failure);
  if (body.rateLimit !== undefined) setRateLimit(faults, body.rateLimit, ctx.clock.now());
  if (body.reorderCallbacks !== undefined) faults.reorderCallbacks = body.reorderCallbacks;
}

/** Sets the delays named (0 removes one), keeping the others. */
function findOwned(state: EmulatorState, id: string): IncomingNumber {
  const number = state.numbers.get(id) ?? state.numbers.get(state.numberSidByPhone.get(id) ?? "");
  if (!number) throw new HttpError(404, "not_found", `the account owns no number ${id}`);
  return number;
}

function inboundResponse(outcome: InboundOutcome): InboundResponse {
  const { messageSid, params, webhook, fallback } = outcome;
  if (!webhook) {
    const none = { url: null, signature: null, status: null, body: "", contentType: null };
    return { messageSid, params, ...none, error: "the number has no SmsUrl", fallback: null };
  }
  const { url, signature, status, body, contentType, error } = webhook;
  return {
    messageSid,
    params,
    url,
    signature,
    status,
    body,
    contentType,
    error,
    fallback: fallback && {
      url: fallback.url,
      status: fallback.status,
      body: fallback.body,
      error: fallback.error,
    },
  };
}
