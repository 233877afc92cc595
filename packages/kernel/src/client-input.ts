// What a request's input must be before a route's schema validation sees it (docs/decisions/0044).
//
// JSON bodies are taken as sent. fastify's validator coerces types — 12 passes as the string "12",
// "true" as a boolean, [x] as x — which suits query strings and path parameters (strings on the
// wire) and nothing else: in a JSON body the type is part of what the client said, and a field the
// code reads as a string must be one. jsonTypeMismatch refuses, in ajv's wording, a value whose JSON
// type its schema does not allow; formats, ranges and required properties stay the validator's job.
//
// No string of a request carries NUL (U+0000): Postgres text cannot hold it, so one that got
// through to a query would be a 500 instead of the client's 400.

type Schema = Readonly<Record<string, unknown>>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function hasJsonType(type: unknown, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "number":
      return typeof value === "number";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "null":
      return value === null;
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return true;
  }
}

function ownMismatch(schema: Schema, value: unknown, path: string): string | undefined {
  const { type } = schema;
  const allowed = typeof type === "string" ? [type] : Array.isArray(type) ? type : undefined;
  if (!allowed || allowed.some((each) => hasJsonType(each, value))) return undefined;
  return `${path} must be ${allowed.join(",")}`;
}

function unionMismatch(schema: Schema, value: unknown, path: string): string | undefined {
  const branches = schema["anyOf"] ?? schema["oneOf"];
  if (!Array.isArray(branches) || branches.length === 0) return undefined;
  const mismatches = branches.map((branch) => jsonTypeMismatch(branch, value, path));
  // Only when no branch can take the value's type; which branch the value meant is the validator's call.
  return mismatches.every((mismatch) => mismatch !== undefined) ? mismatches[0] : undefined;
}

function nestedMismatch(schema: Schema, value: unknown, path: string): string | undefined {
  const { properties, items } = schema;
  if (isObject(value) && isSchema(properties)) {
    for (const [name, property] of Object.entries(properties)) {
      if (!Object.hasOwn(value, name)) continue;
      const mismatch = jsonTypeMismatch(property, value[name], `${path}/${name}`);
      if (mismatch) return mismatch;
    }
  }
  if (Array.isArray(value) && isSchema(items)) {
    for (const [index, item] of value.entries()) {
      const mismatch = jsonTypeMismatch(items, item, `${path}/${index}`);
      if (mismatch) return mismatch;
    }
  }
  return undefined;
}

/**
 * The first place where `value` has a JSON type `schema` does not allow, as ajv would word it
 * ("body/code must be string"), or undefined. Follows type, properties, items, anyOf/oneOf and
 * allOf; anything else (a $ref, a keyword it does not know) is left to the validator.
 */
export function jsonTypeMismatch(schema: unknown, value: unknown, path = "body"): string | undefined {
  if (!isSchema(schema)) return undefined;
  const all = Array.isArray(schema["allOf"]) ? (schema["allOf"] as unknown[]) : [];
  return (
    ownMismatch(schema, value, path) ??
    unionMismatch(schema, value, path) ??
    all.map((part) => jsonTypeMismatch(part, value, path)).find((mismatch) => mismatch !== undefined) ??
    nestedMismatch(schema, value, path)
  );
}

/** application/json and the +json media types: the bodies whose types the client chose. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || mediaType.endsWith("+json");
}

/** The first place in `value` (a parsed body, query or params) holding a string with NUL. */
export function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return value.includes("\u0000") ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}/${index}`);
      if (found) return found;
    }
    return undefined;
  }
  // Plain objects only: a Buffer (a raw body kept for a signature) is bytes, not text.
  if (typeof value !== "object" || value === null || Buffer.isBuffer(value)) return undefined;
  for (const [name, item] of Object.entries(value)) {
    const found = nulPath(item, `${path}/${name}`);
    if (found) return found;
  }
  return undefined;
}
