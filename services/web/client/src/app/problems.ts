// What went wrong, as the page tells it: the API answers errors as { error, message } (schemas.ts
// Error) where `error` is a code and a 4xx message names the field ("body/email must ..."). A code
// becomes a catalogue message (errors.<code>), a field's problem is shown next to that field, and
// anything unknown — a 5xx, a network failure — a generic message: never the API's English text.
import type { components } from "../api/schema.d.ts";

type ErrorBody = components["schemas"]["Error"];

export interface Problem {
  /** The catalogue key under errors (app-catalogue.test.ts: every code has a message). */
  code: ProblemCode;
  /** The request field it is about (email, password, phone, code, ...), when the API names one. */
  field?: string;
  status?: number;
}

/** The API's codes (its Error schema's enum, generated) and the client's own. */
export type ApiErrorCode = ErrorBody["error"];
export const clientCodes = ["required", "network", "server"] as const;
export type ProblemCode = ApiErrorCode | (typeof clientCodes)[number];

export class ProblemError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.code);
    this.name = "ProblemError";
    this.problem = problem;
  }
}

const isErrorBody = (value: unknown): value is ErrorBody =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as ErrorBody).error === "string" &&
  typeof (value as ErrorBody).message === "string";

/** "body/email must match format" → "email"; fastify and the API both name fields this way. */
export function fieldOf(message: string): string | undefined {
  return /^(?:body|querystring|params)\/([A-Za-z]+)/.exec(message)?.[1];
}

/** The problem an API answer describes; a body that is not the API's (a proxy's page) is "server". */
export function problemOf(status: number, body: unknown): Problem {
  if (!isErrorBody(body)) return { code: "server", status };
  const field = status < 500 ? fieldOf(body.message) : undefined;
  return { code: body.error, status, ...(field !== undefined && { field }) };
}

/** Any thrown value as a problem: a failed fetch is "network". */
export function asProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof TypeError) return { code: "network" };
  return { code: "server" };
}

/**
 * The data of an openapi-fetch answer, or a ProblemError. Every feature's api module goes
 * through this, so a page handles one kind of failure.
 */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Exclude<T, undefined>> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ProblemError(problemOf(response.status, error));
  return data as Exclude<T, undefined>;
}
