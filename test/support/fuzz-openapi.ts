// Malformed requests for every route of an OpenAPI document (test/platform/fuzz-api.int.test.ts).
// A request that is not a GET must be refused before its handler runs — its token, encoding,
// body, body types, path or query is wrong — so a delete or a create can never happen by
// accident; a GET may reach its handler, which only reads.
import { randomUUID } from "node:crypto";
import type { InjectOptions } from "fastify";
import {
  foreignContentTypes,
  junkStrings,
  nonObjects,
  nonStrings,
  oversizedJson,
  unparsableJson,
} from "./fuzz.ts";
import type { FuzzCase, Random } from "./fuzz.ts";

type JsonSchema = Record<string, unknown>;

export interface Operation {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** As the document writes it, e.g. /v1/admin/users/{id}. */
  path: string;
  secured: boolean;
  pathParams: Array<{ name: string; schema: JsonSchema }>;
  queryParams: Array<{ name: string; schema: JsonSchema }>;
  body?: JsonSchema;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

interface OpenApiOperation {
  security?: unknown[];
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const parameters = operation.parameters ?? [];
      const params = (where: string) =>
        parameters.filter((p) => p.in === where).map((p) => ({ name: p.name, schema: p.schema ?? {} }));
      const body = operation.requestBody?.content?.["application/json"]?.schema;
      return {
        method: method.toUpperCase() as Operation["method"],
        path,
        secured: (operation.security ?? []).length > 0,
        pathParams: params("path"),
        queryParams: params("query"),
        ...(body && { body }),
      };
    }),
  );
}

function goodString(schema: JsonSchema): string {
  if (schema["format"] === "uuid") return randomUUID();
  if (schema["format"] === "email") return `fuzz-${randomUUID()}@example.com`;
  if (schema["format"] === "date-time") return new Date().toISOString();
  return "x".repeat(Math.max(1, Number(schema["minLength"] ?? 1)));
}

const goodByType: Record<string, (schema: JsonSchema) => unknown> = {
  integer: (schema) => (typeof schema["minimum"] === "number" ? schema["minimum"] : 1),
  number: (schema) => (typeof schema["minimum"] === "number" ? schema["minimum"] : 1),
  boolean: () => true,
  array: () => [],
  object: (schema) =>
    Object.fromEntries(
      Object.entries((schema["properties"] ?? {}) as Record<string, JsonSchema>).map(([name, property]) => [
        name,
        goodValue(property),
      ]),
    ),
};

/** A value of the schema's type, valid as far as these simple schemas go; defects are added to it. */
function goodValue(schema: JsonSchema): unknown {
  if ("const" in schema) return schema["const"];
  const union = (schema["anyOf"] ?? schema["oneOf"]) as JsonSchema[] | undefined;
  if (union?.[0]) return goodValue(union[0]);
  if (Array.isArray(schema["enum"])) return schema["enum"][0];
  const byType = goodByType[String(schema["type"])];
  return byType ? byType(schema) : goodString(schema);
}

const jsonKind = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value;

/** JSON values of another type than the schema's. */
const wrongTypes = (schema: JsonSchema): unknown[] =>
  [...nonStrings, "text"].filter((candidate) => jsonKind(candidate) !== jsonKind(goodValue(schema)));

export interface Callers {
  user: { userId: string; accessToken: string };
  adminToken: string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function junkAuthorization(random: Random, callers: Callers): Record<string, string> {
  const forgedClaims = Buffer.from(JSON.stringify({ sub: callers.user.userId, role: "admin" })).toString(
    "base64url",
  );
  return {
    authorization: random.pick([
      "Bearer x",
      `Bearer ${"a".repeat(8000)}`,
      "Basic Zm9vOmJhcg==",
      "Bearer",
      `Bearer eyJhbGciOiJub25lIn0.${forgedClaims}.`,
      `Bearer ${callers.user.accessToken}x`,
    ]),
  };
}

/** The caller a route wants, so that what is wrong is the input, not who sends it. */
function rightfulAuthorization(operation: Operation, callers: Callers): Record<string, string> {
  if (!operation.secured) return {};
  return operation.path.startsWith("/v1/admin")
    ? bearer(callers.adminToken)
    : bearer(callers.user.accessToken);
}

/** Percent-encoded; a lone surrogate as the bytes CESU-8 would give it (a URL that does not decode). */
const pathSegment = (value: string): string =>
  value.replace(/[\ud800-\udfff]/g, "%ED%A0%80").replace(/[^%]+/g, (part) => encodeURIComponent(part));

function urlOf(operation: Operation, values: Record<string, string> = {}, query = ""): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const schema = operation.pathParams.find((param) => param.name === name)?.schema ?? {};
    return values[name] ?? encodeURIComponent(String(goodValue(schema)));
  });
  return query ? `${path}?${query}` : path;
}

const constrained = (schema: JsonSchema): boolean =>
  ["format", "pattern", "enum", "const", "anyOf"].some((key) => key in schema);

/** Values no path parameter of `schema` takes: junk for a constrained one, else too long, or NUL. */
function badParams(schema: JsonSchema, random: Random): string[] {
  if (constrained(schema)) return random.sample(junkStrings, 4);
  const maxLength = typeof schema["maxLength"] === "number" ? schema["maxLength"] : undefined;
  return ["a\u0000b", ...(maxLength === undefined ? [] : ["x".repeat(maxLength + 1)])];
}

type Build = (what: string, options: Partial<InjectOptions>, expected?: number) => FuzzCase;

/** Encodings other than JSON (415), JSON that does not parse (400), a body over the limit (413). */
function encodingCases(operation: Operation, build: Build, random: Random, bodyLimit: number): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const type of random.sample(foreignContentTypes, 5)) {
    const payload = random.pick<string | Buffer>(['{"a":"b"}', random.bytes(1 + random.int(512)), "a=b"]);
    cases.push(build(`Content-Type ${type}`, { payload, headers: { "content-type": type } }, 415));
  }
  // A DELETE without Content-Type is a plain DELETE whose body is ignored: not malformed.
  if (operation.method !== "DELETE")
    cases.push(build("a body without Content-Type", { payload: random.bytes(32) }, 415));
  const json = { "content-type": "application/json" };
  for (const payload of unparsableJson(random))
    cases.push(build("JSON that does not parse", { payload, headers: json }, 400));
  cases.push(build("JSON over the body limit", { payload: oversizedJson(bodyLimit), headers: json }, 413));
  return cases;
}

/** Bodies that fail the route's schema as sent: wrong types, missing or repeated fields, NUL. */
function bodyCases(schema: JsonSchema, build: Build): FuzzCase[] {
  const json = (what: string, payload: string) =>
    build(what, { payload, headers: { "content-type": "application/json" } }, 400);
  const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
  const required = (schema["required"] ?? []) as string[];
  const base = goodValue(schema) as Record<string, unknown>;
  const cases = nonObjects.map((value) => json(`a body of ${JSON.stringify(value)}`, JSON.stringify(value)));
  for (const field of required) {
    cases.push(json(`${field} missing`, JSON.stringify({ ...base, [field]: undefined })));
  }
  for (const [field, property] of Object.entries(properties)) {
    for (const value of wrongTypes(property)) {
      cases.push(json(`${field} = ${JSON.stringify(value)}`, JSON.stringify({ ...base, [field]: value })));
    }
    // The same key twice: JSON.parse keeps the last, the malformed one here.
    const last = JSON.stringify(wrongTypes(property)[0]);
    const twice = `${JSON.stringify(base).slice(0, -1)}${Object.keys(base).length > 0 ? "," : ""}${JSON.stringify(field)}:${last}}`;
    cases.push(json(`${field} twice, the last malformed`, twice));
    const good = goodValue(property);
    if (typeof good === "string")
      cases.push(json(`${field} with NUL`, JSON.stringify({ ...base, [field]: `${good}\u0000` })));
  }
  return cases;
}

/** Path parameters and query strings no schema takes (repeated, NUL, junk). */
function parameterCases(operation: Operation, build: Build, random: Random): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const param of operation.pathParams) {
    for (const value of badParams(param.schema, random)) {
      const url = urlOf(operation, { [param.name]: pathSegment(value) });
      cases.push(build(`path parameter ${param.name} = ${JSON.stringify(value.slice(0, 20))}`, { url }));
    }
  }
  for (const param of operation.queryParams) {
    const good = encodeURIComponent(String(goodValue(param.schema)));
    for (const query of [`${param.name}=${good}&${param.name}=${good}`, `${param.name}=a%00b`]) {
      cases.push(build(`query ${query.slice(0, 40)}`, { url: urlOf(operation, {}, query) }, 400));
    }
  }
  return cases;
}

/** Every case for one route of the document. */
export function operationCases(
  operation: Operation,
  callers: Callers,
  random: Random,
  bodyLimit: number,
): FuzzCase[] {
  const build: Build = (what, options, expected) => ({
    name: `${operation.method} ${operation.path}: ${what}`,
    request: {
      method: operation.method,
      url: urlOf(operation),
      ...options,
      headers: {
        ...rightfulAuthorization(operation, callers),
        ...(options.headers as Record<string, string>),
      },
    },
    ...(expected !== undefined && { expected }),
  });
  const cases: FuzzCase[] = [];
  if (operation.secured) {
    for (let i = 0; i < 3; i += 1) {
      const junk = build("a junk token", {}, 401);
      cases.push({ ...junk, request: { ...junk.request, headers: junkAuthorization(random, callers) } });
    }
  }
  if (operation.method !== "GET") {
    cases.push(...encodingCases(operation, build, random, bodyLimit));
    if (operation.body) cases.push(...bodyCases(operation.body, build));
  }
  return [...cases, ...parameterCases(operation, build, random)];
}
