// One REST call, end to end: count it, authenticate, apply the injected rate limit, latency and
// failures, run the handler, hold the answer back if asked to, answer in Twilio's wire format.
// Every route goes through here.
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { EmulatorContext } from "./context.ts";
import { TwilioError, authenticationError } from "./errors.ts";
import { admit, done, latencyFor, responseDelayFor, takeFailure } from "./faults.ts";
import type { EmulatorState } from "./state.ts";
import { recordCall } from "./state.ts";
import { newSid } from "./twilio-format.ts";

export interface TwilioResponse {
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export type OperationHandler = (request: FastifyRequest) => TwilioResponse | Promise<TwilioResponse>;

export interface OperationRoute {
  method: "GET" | "POST" | "DELETE";
  /** Relative to its API's prefix (/2010-04-01, or /v1 for the Pricing API). */
  url: string;
  /** Twilio's operationId, the key for call counts and faults. */
  operation: string;
  handler: OperationHandler;
}

export function operationHandler(ctx: EmulatorContext, route: OperationRoute) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const { faults } = ctx.state;
    let admitted = false;
    let handled = false;
    let response: TwilioResponse;
    try {
      authenticate(ctx.state, request);
      const limited = admit(faults, ctx.clock.now());
      if (limited) throw limited;
      admitted = true;
      await ctx.scheduler.sleep(latencyFor(faults, route.operation));
      const failure = takeFailure(faults, route.operation);
      if (failure) throw failure;
      handled = true;
      response = await route.handler(request);
    } catch (err) {
      response = errorResponse(ctx, request, err);
    }
    // Counted as soon as it is decided: the effect (a purchase, a release) has happened even if
    // the answer below never reaches a client that dies or gives up while it is held back.
    recordCall(ctx.state, route.operation, response.status);
    try {
      // Only calls the handler ran are held back; a request still waiting here is in flight.
      if (handled) await ctx.scheduler.sleep(responseDelayFor(faults, route.operation));
    } finally {
      if (admitted) done(faults);
    }
    return send(reply, response);
  };
}

export function send(reply: FastifyReply, response: TwilioResponse): FastifyReply {
  reply.code(response.status).header("twilio-request-id", newSid("RQ"));
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  if (response.body === undefined) return reply.send();
  return reply.type("application/json; charset=utf-8").send(JSON.stringify(response.body));
}

export function errorResponse(ctx: EmulatorContext, request: FastifyRequest, err: unknown): TwilioResponse {
  if (err instanceof TwilioError) return { status: err.status, body: err.toBody(), headers: err.headers };
  // Details of an emulator bug go to the log, never to the client, like any 5xx.
  ctx.log.error({ err, method: request.method, url: request.url }, "twilio emulator request failed");
  const error = new TwilioError(500, 20500, "Internal Server Error");
  return { status: 500, body: error.toBody() };
}

function authenticate(state: EmulatorState, request: FastifyRequest): void {
  const header = request.headers.authorization;
  if (!header?.startsWith("Basic ")) throw authenticationError("No credentials provided");
  const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  const username = decoded.slice(0, Math.max(colon, 0));
  const password = decoded.slice(colon + 1);
  // An API key (SK…) authenticates for the account that owns it; the account SID stays in the path.
  const expected = username === state.account.sid ? state.account.authToken : state.apiKeys.get(username);
  if (colon <= 0 || expected === undefined || !sameSecret(password, expected)) {
    throw authenticationError("invalid username");
  }
  // 2010-04-01 paths name the account; the Pricing API's do not (the credentials do).
  const pathAccount = (request.params as Record<string, string | undefined>)["AccountSid"];
  if (pathAccount !== undefined && pathAccount !== state.account.sid)
    throw authenticationError("invalid username");
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A route parameter, e.g. Sid in /IncomingPhoneNumbers/:Sid.json. */
export function pathParam(request: FastifyRequest, name: string): string {
  return (request.params as Record<string, string | undefined>)[name] ?? "";
}

/** The request path without its query: Twilio's `uri` and 20404 messages use it. */
export function pathOf(request: FastifyRequest): string {
  return request.url.split("?")[0] ?? request.url;
}
