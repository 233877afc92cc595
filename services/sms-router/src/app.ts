// The router's HTTP surface: Twilio's inbound SMS webhook and delivery status callbacks. Both take
// only Twilio's form encoding (415 otherwise), check X-Twilio-Signature against the URL Twilio was
// configured with (PUBLIC_BASE_URL + path; TLS ends at the gateway, so the Host/scheme seen here
// are not what Twilio signed), then read each field they use in Twilio's form (400 otherwise) —
// client input is a 4xx, never a 5xx (docs/decisions/0044).
import { HttpError, acceptContentTypes } from "@phoenix/kernel/http";
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { Queues } from "@phoenix/store";
import { validateTwilioSignature } from "@phoenix/twilio";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type pg from "pg";
import { Counter } from "prom-client";
import { FORM_MEDIA_TYPE, readFields, registerFormParser } from "./form.ts";
import { acceptInbound, inboundFields } from "./inbound.ts";
import type { RouterConfig } from "./config.ts";
import { applyStatus, statusFields } from "./status.ts";

export interface RouterOptions {
  pool: pg.Pool;
  queues: Pick<Queues, "inbound">;
  logger: Logger;
  metrics: Metrics;
  authToken: string;
  publicBaseUrl: string;
  smsPath: string;
  statusPath: string;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

/** routerRoutes with the webhook settings of the router's config: src/server.ts and tests build it so. */
export function routerRoutesOf(
  config: Pick<
    RouterConfig,
    "TWILIO_AUTH_TOKEN" | "PUBLIC_BASE_URL" | "SMS_WEBHOOK_PATH" | "STATUS_CALLBACK_PATH"
  >,
  deps: Pick<RouterOptions, "pool" | "queues" | "logger" | "metrics">,
): FastifyPluginAsync {
  return routerRoutes({
    ...deps,
    authToken: config.TWILIO_AUTH_TOKEN,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    smsPath: config.SMS_WEBHOOK_PATH,
    statusPath: config.STATUS_CALLBACK_PATH,
  });
}

function routerMetrics(metrics: Metrics) {
  const registers = [metrics.registry];
  return {
    inbound: new Counter({
      name: "sms_inbound_total",
      help: "Inbound SMS webhooks by outcome (accepted, duplicate, unknown_number, unknown_sender, invalid)",
      labelNames: ["outcome"],
      registers,
    }),
    statusCallbacks: new Counter({
      name: "sms_status_callbacks_total",
      help: "Delivery status callbacks by outcome (updated, stale, unknown_message, unknown_status, invalid)",
      labelNames: ["outcome"],
      registers,
    }),
    signatureFailures: new Counter({
      name: "twilio_signature_failures_total",
      help: "Webhooks rejected with 403 because X-Twilio-Signature did not validate",
      labelNames: ["endpoint"],
      registers,
    }),
  };
}

export function routerRoutes(options: RouterOptions): FastifyPluginAsync {
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  const counters = routerMetrics(options.metrics);

  const signed = (endpoint: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const ok = validateTwilioSignature({
      authToken: options.authToken,
      url: base + request.url,
      params: request.body ?? {},
      signature: request.headers["x-twilio-signature"],
    });
    if (ok) return;
    counters.signatureFailures.inc({ endpoint });
    request.log.warn({ url: request.url }, "rejected webhook: X-Twilio-Signature does not validate");
    await reply
      .code(403)
      .type("application/json")
      .send({ error: "forbidden", message: "invalid X-Twilio-Signature" });
  };

  const twiml = (reply: FastifyReply) => reply.code(200).type("text/xml").send(EMPTY_TWIML);

  const invalid = (problem: string) => new HttpError(400, "validation_error", problem);

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app) => {
    registerFormParser(app);

    const inbound = async (request: FastifyRequest, reply: FastifyReply) => {
      const read = readFields(request.body, inboundFields);
      if (!read.ok) {
        counters.inbound.inc({ outcome: "invalid" });
        throw invalid(read.problem);
      }
      const { MessageSid, From, To, Body, NumSegments } = read.fields;
      const outcome = await acceptInbound(options, {
        messageSid: MessageSid,
        from: From,
        to: To,
        body: Body,
        numSegments: NumSegments === undefined ? null : Number(NumSegments),
      });
      counters.inbound.inc({ outcome });
      return twiml(reply);
    };
    const sms = { onRequest: acceptContentTypes(FORM_MEDIA_TYPE), preHandler: signed("sms") };
    app.post(options.smsPath, sms, inbound);
    app.post(`${options.smsPath}/:key`, sms, inbound);

    const status = { onRequest: acceptContentTypes(FORM_MEDIA_TYPE), preHandler: signed("status") };
    app.post(options.statusPath, status, async (request, reply) => {
      const read = readFields(request.body, statusFields);
      const messageStatus = read.ok ? (read.fields.MessageStatus ?? read.fields.SmsStatus) : undefined;
      if (!read.ok || messageStatus === undefined) {
        counters.statusCallbacks.inc({ outcome: "invalid" });
        throw invalid(read.ok ? "MessageStatus is required" : read.problem);
      }
      const { MessageSid, ErrorCode } = read.fields;
      const outcome = await applyStatus(options.pool, {
        messageSid: MessageSid,
        status: messageStatus,
        errorCode: ErrorCode === undefined ? null : Number(ErrorCode),
      });
      counters.statusCallbacks.inc({ outcome });
      return reply.code(204).send();
    });
  };
}
