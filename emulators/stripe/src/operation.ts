// One REST call, end to end: authenticate, check Stripe-Version, wait out injected latency, fail
// if a fault says so, honour Idempotency-Key, reject unknown parameters, run the handler, expand,
// answer in Stripe's wire format with its headers. Every /v1 route goes through here.
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor, EmulatorContext } from "./context.ts";
import { StripeError, invalidApiKey, noApiKey, unsupported } from "./errors.ts";
import { expandPaths } from "./expand.ts";
import { latencyFor, takeFailure } from "./faults.ts";
import { paginate } from "./pagination.ts";
import { claimKey, releaseKey } from "./idempotency.ts";
import { knownParams } from "./known-params.ts";
import type { ParamTree } from "./params.ts";
import { expandParam, isTree, paramsFromQuery, rejectUnknown } from "./params.ts";
import type { StripeState } from "./state.ts";
import { recordCall } from "./state.ts";
import { newId } from "./stripe-format.ts";

export interface ApiCall {
  params: ParamTree;
  /** Route parameters, e.g. { customer: "cus_…" }. */
  path: Readonly<Record<string, string>>;
  actor: Actor;
}

export interface ApiResult {
  /** Default 200. */
  status?: number;
  body: object;
}

export interface StripeRoute {
  method: "GET" | "POST" | "DELETE";
  /** Relative to /v1, fastify syntax: /customers/:customer */
  url: string;
  /** Stripe's OpenAPI operationId: the key for call counts, faults and known parameters. */
  operation: string;
  /**
   * Top-level parameters the emulator models. Others Stripe accepts are refused with a 400 that
   * says so, rather than ignored; parameters Stripe does not know are parameter_unknown.
   */
  supported: readonly string[];
  handler(call: ApiCall): ApiResult;
}

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** Where the REST routes are mounted; list objects' `url` starts with it. */
export const REST_BASE = "/v1";

/** What every list endpoint takes besides its filters. */
export const LIST_PARAMS = ["ending_before", "expand", "limit", "starting_after"] as const;

const VERSION_PATTERN = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export function operationHandler(ctx: EmulatorContext, route: StripeRoute) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const requestId = newId("req");
    const headers: Record<string, string> = { "request-id": requestId };
    let answer: Answer;
    try {
      authenticate(ctx.state, request);
      headers["stripe-version"] = stripeVersion(ctx.state, request);
      answer = await execute(ctx, route, request, requestId);
    } catch (err) {
      answer = errorAnswer(ctx, request, err);
    }
    recordCall(ctx.state, route.operation, answer.status);
    return send(reply, { ...answer, headers: { ...headers, ...answer.headers } });
  };
}

/**
 * Claims the Idempotency-Key first, so that a retry arriving while this call waits out injected
 * latency finds it in progress (409), as a retry of a slow request at Stripe would.
 */
async function execute(
  ctx: EmulatorContext,
  route: StripeRoute,
  request: FastifyRequest,
  requestId: string,
): Promise<Answer> {
  const params = paramsOf(request);
  const key = route.method === "POST" ? headerValue(request, "idempotency-key") : undefined;
  const actor: Actor = {
    origin: originOf(ctx, request),
    request: { id: requestId, idempotencyKey: key ?? null },
  };
  const call: ApiCall = { params, path: request.params as Record<string, string>, actor };
  if (key === undefined) return runAfterFaults(ctx, route, call);
  const path = request.url.split("?")[0] ?? request.url;
  const claim = claimKey(ctx.state, { key, method: route.method, path, params, now: ctx.clock.now() });
  const echo = { "idempotency-key": key };
  if (claim.kind === "replay") {
    const { status, body, requestId: original } = claim.response;
    return {
      status,
      body,
      headers: { ...echo, "idempotent-replayed": "true", "original-request": original },
    };
  }
  try {
    const answer = await runAfterFaults(ctx, route, call);
    claim.entry.response = { status: answer.status, body: answer.body, requestId };
    return { ...answer, headers: { ...answer.headers, ...echo } };
  } catch (err) {
    // Refused before it executed (injected failure, validation): nothing is saved, a retry runs.
    releaseKey(ctx.state, key, claim.entry);
    throw err;
  }
}

async function runAfterFaults(ctx: EmulatorContext, route: StripeRoute, call: ApiCall): Promise<Answer> {
  await ctx.lifetime.sleep(latencyFor(ctx.state.faults, route.operation));
  const failure = takeFailure(ctx.state.faults, route.operation);
  if (failure) throw failure;
  return run(ctx, route, call);
}

function run(ctx: EmulatorContext, route: StripeRoute, call: ApiCall): Answer {
  rejectUnknown(call.params, knownParams[route.operation] ?? new Set());
  for (const name of Object.keys(call.params)) {
    if (!route.supported.includes(name)) throw unsupported(name);
  }
  const expand = expandParam(call.params);
  const result = route.handler(call);
  return { status: result.status ?? 200, body: expandPaths(ctx.state, result.body, expand), headers: {} };
}

function paramsOf(request: FastifyRequest): ParamTree {
  const query = paramsFromQuery(request.query);
  const body = request.body as ParamTree | undefined;
  return isTree(body) ? { ...query, ...body } : query;
}

export function send(reply: FastifyReply, answer: Answer): FastifyReply {
  reply.code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.type("application/json").send(JSON.stringify(answer.body, null, 2));
}

export function errorAnswer(ctx: EmulatorContext, request: FastifyRequest, err: unknown): Answer {
  if (err instanceof StripeError)
    return { status: err.status, body: err.toBody(), headers: { ...err.headers } };
  // An emulator bug: details to the log, never to the client, like any 5xx.
  ctx.log.error({ err, method: request.method, url: request.url }, "stripe emulator request failed");
  return {
    status: 500,
    body: new StripeError(500, "api_error", "An unknown error occurred").toBody(),
    headers: {},
  };
}

function authenticate(state: StripeState, request: FastifyRequest): void {
  const key = apiKeyOf(request.headers.authorization);
  if (!key) throw noApiKey();
  const expected = Buffer.from(state.seed.secretKey);
  const given = Buffer.from(key);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidApiKey(key);
}

/** Bearer auth (stripe-node) or Basic with the key as user name (curl -u sk_test_…:). */
function apiKeyOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  if (header.startsWith("Bearer ")) return header.slice("Bearer ".length).trim() || undefined;
  if (header.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8");
    return decoded.split(":")[0] || undefined;
  }
  return undefined;
}

function stripeVersion(state: StripeState, request: FastifyRequest): string {
  const requested = headerValue(request, "stripe-version");
  if (requested === undefined) return state.seed.apiVersion;
  if (!VERSION_PATTERN.test(requested)) {
    throw new StripeError(400, "invalid_request_error", `Invalid Stripe API version: ${requested}`);
  }
  return requested;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The emulator's base URL as this caller reached it, for the hosted pages it links to. */
export function originOf(ctx: EmulatorContext, request: FastifyRequest): string {
  return ctx.publicBaseUrl ?? `${request.protocol}://${request.host}`;
}

/** GET /<objects>: the filtered objects, newest first, a page at a time. */
export function listRoute<T extends { id: string }>(spec: {
  url: string;
  operation: string;
  /** The filters `list` reads, besides the pagination parameters. */
  filters: readonly string[];
  objectName: string;
  list(params: ParamTree): T[];
}): StripeRoute {
  return {
    method: "GET",
    url: spec.url,
    operation: spec.operation,
    supported: [...LIST_PARAMS, ...spec.filters],
    handler: ({ params }) => ({
      body: paginate(spec.list(params), params, {
        url: `${REST_BASE}${spec.url}`,
        objectName: spec.objectName,
      }),
    }),
  };
}

/** GET /<objects>/:id: one object; `find` throws resource_missing when there is none. */
export function retrieveRoute(spec: {
  url: string;
  operation: string;
  find(id: string): object;
}): StripeRoute {
  const name = spec.url.slice(spec.url.lastIndexOf(":") + 1);
  return {
    method: "GET",
    url: spec.url,
    operation: spec.operation,
    supported: ["expand"],
    handler: ({ path }) => ({ body: spec.find(path[name] ?? "") }),
  };
}
