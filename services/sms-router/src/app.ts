// The router's HTTP surface: Twilio's inbound SMS webhook and delivery status callbacks. Both check
// X-Twilio-Signature against the URL Twilio was configured with (PUBLIC_BASE_URL + path), since
// TLS ends at the gateway and the Host/scheme seen here are not what Twilio signed.
import type { Logger } from "@phoenix/kernel/log";
import type { Metrics } from "@phoenix/kernel/metrics";
import type { Queues } from "@phoenix/store";
import { validateTwilioSignature } from "@phoenix/twilio";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type pg from "pg";
import { Counter } from "prom-client";
import { registerFormParser, single } from "./form.ts";
import type { FormBody } from "./form.ts";
import { acceptInbound } from "./inbound.ts";
import { applyStatus } from "./status.ts";

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
const E164 = /^\+[1-9][0-9]{1,14}$/;
const SID = /^(SM|MM)[0-9a-fA-F]{32}$/;

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
      help: "Delivery status callbacks by outcome (updated, stale, unknown_message, invalid)",
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
      params: (request.body ?? {}) as FormBody,
      signature: request.headers["x-twilio-signature"] as string | undefined,
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

  // eslint-disable-next-line @typescript-eslint/require-await
  return async (app) => {
    registerFormParser(app);

    const inbound = async (request: FastifyRequest, reply: FastifyReply) => {
      const form = (request.body ?? {}) as FormBody;
      const sms = {
        messageSid: single(form, "MessageSid") ?? "",
        from: single(form, "From") ?? "",
        to: single(form, "To") ?? "",
        body: single(form, "Body") ?? "",
        numSegments: Number(single(form, "NumSegments") ?? "") || null,
      };
      if (!SID.test(sms.messageSid) || !E164.test(sms.to) || !E164.test(sms.from)) {
        counters.inbound.inc({ outcome: "invalid" });
        return reply
          .code(400)
          .send({ error: "bad_request", message: "MessageSid, From and To are required" });
      }
      const outcome = await acceptInbound(options, sms);
      counters.inbound.inc({ outcome });
      return twiml(reply);
    };
    app.post(options.smsPath, { preHandler: signed("sms") }, inbound);
    app.post(`${options.smsPath}/:key`, { preHandler: signed("sms") }, inbound);

    app.post(options.statusPath, { preHandler: signed("status") }, async (request, reply) => {
      const form = (request.body ?? {}) as FormBody;
      const messageSid = single(form, "MessageSid") ?? "";
      const status = single(form, "MessageStatus") ?? single(form, "SmsStatus") ?? "";
      if (!SID.test(messageSid) || !status) {
        counters.statusCallbacks.inc({ outcome: "invalid" });
        return reply
          .code(400)
          .send({ error: "bad_request", message: "MessageSid and MessageStatus are required" });
      }
      const code = single(form, "ErrorCode");
      const outcome = await applyStatus(options.pool, {
        messageSid,
        status,
        errorCode: code ? Number(code) : null,
      });
      counters.statusCallbacks.inc({ outcome });
      return reply.code(204).send();
    });
  };
}
