// Typed, fail-fast configuration from environment variables. The schema is the type: services
// declare a typebox object whose keys are variable names and get `Static<typeof schema>` back.
import Type from "typebox";
import type { Static, TObject, TSchema } from "typebox";
import Value from "typebox/value";

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Properties every service spreads into its own schema: `Type.Object({ ...baseConfig, ... })`. */
export const baseConfig = {
  SERVICE_NAME: Type.String({ minLength: 1 }),
  LOG_LEVEL: Type.Enum(logLevels, { default: "info" }),
  // Also append log lines to <LOG_DIR>/<SERVICE_NAME>.log, for a log shipper to tail (the
  // integration tests' child processes); a pod, and make demo's processes, log to stdout only.
  LOG_DIR: Type.Optional(Type.String({ minLength: 1 })),
  HTTP_HOST: Type.String({ minLength: 1, default: "0.0.0.0" }),
  // 0 lets the OS pick a free port (tests, benchmarks).
  HTTP_PORT: Type.Integer({ minimum: 0, maximum: 65535 }),
  OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(Type.String({ format: "uri" })),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 10_000 }),
};

export const baseConfigSchema = Type.Object(baseConfig);
export type BaseConfig = Static<typeof baseConfigSchema>;

type Env = Readonly<Record<string, string | undefined>>;
type Problem = string;

/**
 * Reads `schema`'s variables from `env`, coerces them to the schema's types, applies defaults and
 * validates them. Throws one ConfigError naming every bad variable, so a pod fails at boot with
 * the full list rather than one problem per restart.
 */
export function loadConfig<S extends TObject>(schema: S, env: Env = process.env): Static<S> {
  const result: Record<string, unknown> = {};
  const problems: Problem[] = [];
  // TypeBox leaves `required` out when every property is optional, although its type says otherwise.
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  for (const [name, property] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const outcome = readVariable(property, env[name], required.has(name));
    if (typeof outcome === "string") problems.push(`${name}: ${outcome}`);
    else if (outcome.value !== undefined) result[name] = outcome.value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return result as Static<S>;
}

function readVariable(
  property: TSchema,
  raw: string | undefined,
  required: boolean,
): { value: unknown } | Problem {
  // An empty variable counts as unset, so a chart can blank an optional setting.
  if (raw === undefined || raw === "") {
    const fallback: unknown = "default" in property ? property.default : undefined;
    if (fallback !== undefined) return { value: fallback };
    return required ? "is required but not set" : { value: undefined };
  }
  const value = coerce(property, raw);
  if (Value.Check(property, value)) return { value };
  return `expected ${describe(property)}, got ${JSON.stringify(raw)}`;
}

// Strict on purpose: typebox's Value.Convert turns "" into 0, "1.5" into the integer 1 and
// "true" into 1, all of which would hide a typo in a deployment.
function coerce(property: TSchema, raw: string): unknown {
  const type = "type" in property ? property.type : undefined;
  if (type === "integer" || type === "number") {
    const trimmed = raw.trim();
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : raw;
  }
  if (type === "boolean") {
    const lower = raw.trim().toLowerCase();
    if (lower === "true" || lower === "1") return true;
    if (lower === "false" || lower === "0") return false;
  }
  return raw;
}

function describe(property: TSchema): string {
  const allowed = allowedValues(property);
  if (allowed) return `one of ${allowed.join(", ")}`;
  const p = property as Record<string, unknown>;
  const type = typeof p["type"] === "string" ? p["type"] : "value";
  const format = typeof p["format"] === "string" ? ` (${p["format"]})` : "";
  const range = describeRange(p["minimum"], p["maximum"]);
  const length = typeof p["minLength"] === "number" ? ` of at least ${p["minLength"]} characters` : "";
  return `${type}${format}${range}${length}`;
}

function describeRange(minimum: unknown, maximum: unknown): string {
  if (typeof minimum === "number" && typeof maximum === "number") return ` in ${minimum}..${maximum}`;
  if (typeof minimum === "number") return ` >= ${minimum}`;
  if (typeof maximum === "number") return ` <= ${maximum}`;
  return "";
}

function allowedValues(property: TSchema): unknown[] | undefined {
  const p = property as Record<string, unknown>;
  if (Array.isArray(p["enum"])) return p["enum"] as unknown[];
  if (Array.isArray(p["anyOf"])) {
    const consts = (p["anyOf"] as Record<string, unknown>[]).map((member) => member["const"]);
    if (consts.every((value) => value !== undefined)) return consts;
  }
  return undefined;
}
