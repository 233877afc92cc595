// Twilio posts webhooks as application/x-www-form-urlencoded, and the router accepts nothing else
// (415 before the body is read, docs/decisions/0044). The signature covers every param as
// received, so the parser keeps repeated names as arrays instead of dropping values; the fields the
// router uses are then read one way (readFields): present once, a string of their documented form.
import type { FastifyInstance } from "fastify";

export const FORM_MEDIA_TYPE = "application/x-www-form-urlencoded";

export type FormBody = Record<string, string | string[]>;

/** Null prototype: `__proto__` or `constructor` in a form is a field like any other. */
export function parseForm(text: string): FormBody {
  const form = Object.create(null) as FormBody;
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = form[name];
    if (existing === undefined) form[name] = value;
    else form[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return form;
}

export function registerFormParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    FORM_MEDIA_TYPE,
    { parseAs: "string", bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      done(null, parseForm(body as string));
    },
  );
}

/** Twilio's forms of the values the router checks. */
export const MESSAGE_SID = /^(SM|MM)[0-9a-fA-F]{32}$/;
export const E164 = /^\+[1-9][0-9]{1,14}$/;

export interface FieldRule {
  /** The whole value must match; Twilio's documented form of the field. */
  pattern: RegExp;
  /** Default false: the field must be there. An optional field sent empty counts as absent. */
  optional?: boolean;
}

type FieldValues<R extends Record<string, FieldRule>> = {
  [K in keyof R]: R[K] extends { optional: true } ? string | undefined : string;
};

export type FieldsRead<R extends Record<string, FieldRule>> =
  { ok: true; fields: FieldValues<R> } | { ok: false; problem: string };

// Postgres text cannot hold NUL, so a field that may be stored never contains one.
const NUL = "\u0000";

type FieldRead = { problem: string } | { value: string | undefined };

function readField(form: Readonly<Record<string, unknown>>, name: string, rule: FieldRule): FieldRead {
  const value = Object.hasOwn(form, name) ? form[name] : undefined;
  if (Array.isArray(value)) return { problem: `${name} is repeated; Twilio sends it once` };
  if (value === undefined || (rule.optional && value === "")) {
    return rule.optional ? { value: undefined } : { problem: `${name} is required` };
  }
  if (typeof value !== "string") return { problem: `${name} must be a string` };
  if (value.includes(NUL)) return { problem: `${name} must not contain NUL (U+0000)` };
  if (!rule.pattern.test(value))
    return { problem: `${name} is not in Twilio's form (${rule.pattern.source})` };
  return { value };
}

/**
 * Reads the fields named by `rules` from a parsed webhook body: each present once (a repeated
 * name is an array), a string matching its pattern. The first problem is returned, worded for the
 * 400 the router answers; the body itself is untrusted (anything a parser may have produced).
 */
export function readFields<R extends Record<string, FieldRule>>(body: unknown, rules: R): FieldsRead<R> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, problem: "the body must be a form" };
  const fields: Record<string, string | undefined> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const read = readField(body as Record<string, unknown>, name, rule);
    if ("problem" in read) return { ok: false, problem: read.problem };
    fields[name] = read.value;
  }
  return { ok: true, fields: fields as FieldValues<R> };
}
