// Twilio's REST parameters: PascalCase names, form-encoded in POST bodies and in GET queries.
// A repeated parameter keeps its first value: none of the parameters emulated is multi-valued.
import { INVALID_PARAMETER, badRequest } from "./errors.ts";

export type Form = Readonly<Record<string, string>>;

export function parseForm(body: string): Form {
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    if (!(name in form)) form[name] = value;
  }
  return form;
}

/** Normalises a parsed query or body (strings, arrays, JSON values) to a Form. */
export function toForm(input: unknown): Form {
  if (typeof input === "string") return parseForm(input);
  if (input === null || typeof input !== "object") return {};
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") form[name] = first;
    else if (typeof first === "number" || typeof first === "boolean") form[name] = String(first);
  }
  return form;
}

export function booleanParam(form: Form, name: string): boolean | undefined {
  const raw = form[name];
  if (raw === undefined || raw === "") return undefined;
  const lower = raw.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw badRequest(INVALID_PARAMETER, `Invalid value for ${name}: ${raw}. Must be true or false.`);
}

export function integerParam(
  form: Form,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const raw = form[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw badRequest(
      INVALID_PARAMETER,
      `Invalid value for ${name}: ${raw}. Must be between ${range.min} and ${range.max}.`,
    );
  }
  return value;
}
