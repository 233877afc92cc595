// What every /v1 route does the same way: Bearer authentication against the seeded key, and
// errors answered in OpenAI's shape with their headers.
import { timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { OpenAiError } from "./errors.ts";
import { invalidApiKey, missingApiKey } from "./errors.ts";
import type { LlmState } from "./state.ts";

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Throws the 401 OpenAI answers; any key (or none) passes when the seed's key is null. */
export function authenticate(state: LlmState, request: FastifyRequest): void {
  const expected = state.seed.apiKey;
  if (expected === null) return;
  const header = request.headers.authorization ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const given = match?.[1];
  if (given === undefined) throw missingApiKey();
  if (!sameKey(given, expected)) throw invalidApiKey(given);
}

export function sendError(reply: FastifyReply, error: OpenAiError): FastifyReply {
  return reply.code(error.status).headers(error.headers).send(error.toBody());
}
