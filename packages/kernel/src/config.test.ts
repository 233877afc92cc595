import Type from "typebox";
import { describe, expect, it } from "vitest";
import { ConfigError, baseConfig, loadConfig } from "./config.ts";

const schema = Type.Object({
  ...baseConfig,
  RATE_LIMIT_FAIL_OPEN: Type.Boolean({ default: false }),
  SAMPLE_RATIO: Type.Number({ minimum: 0, maximum: 1, default: 0.5 }),
  DATABASE_URL: Type.String({ format: "uri" }),
});

const validEnv = {
  SERVICE_NAME: "api",
  HTTP_PORT: "8000",
  DATABASE_URL: "postgres://phoenix@127.0.0.1:25432/phoenix",
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(schema, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected loadConfig to throw a ConfigError");
}

describe("loadConfig", () => {
  it("applies defaults for unset variables", () => {
    const config = loadConfig(schema, validEnv);
    expect(config).toEqual({
      SERVICE_NAME: "api",
      LOG_LEVEL: "info",
      HTTP_HOST: "0.0.0.0",
      HTTP_PORT: 8000,
      SHUTDOWN_TIMEOUT_MS: 10_000,
      RATE_LIMIT_FAIL_OPEN: false,
      SAMPLE_RATIO: 0.5,
      DATABASE_URL: validEnv.DATABASE_URL,
    });
    expect(config).not.toHaveProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
  });

  it("coerces integers, numbers and booleans from their string form", () => {
    const config = loadConfig(schema, {
      ...validEnv,
      HTTP_PORT: "65535",
      SHUTDOWN_TIMEOUT_MS: "2500",
      RATE_LIMIT_FAIL_OPEN: "true",
      SAMPLE_RATIO: "0.25",
      LOG_LEVEL: "debug",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://jaeger:4318",
    });
    expect(config.HTTP_PORT).toBe(65535);
    expect(config.SHUTDOWN_TIMEOUT_MS).toBe(2500);
    expect(config.RATE_LIMIT_FAIL_OPEN).toBe(true);
    expect(config.SAMPLE_RATIO).toBe(0.25);
    expect(config.LOG_LEVEL).toBe("debug");
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://jaeger:4318");
  });

  it("names the variable, the expectation and the value it rejects", () => {
    const error = configError({ ...validEnv, HTTP_PORT: "abc" });
    expect(error.problems).toEqual(['HTTP_PORT: expected integer in 0..65535, got "abc"']);
    expect(error.message).toContain('HTTP_PORT: expected integer in 0..65535, got "abc"');
  });

  it("lists every bad variable at once", () => {
    const error = configError({
      HTTP_PORT: "70000",
      LOG_LEVEL: "verbose",
      RATE_LIMIT_FAIL_OPEN: "yes",
      DATABASE_URL: "not a url",
    });
    expect(error.problems).toEqual([
      "SERVICE_NAME: is required but not set",
      'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'HTTP_PORT: expected integer in 0..65535, got "70000"',
      'RATE_LIMIT_FAIL_OPEN: expected boolean, got "yes"',
      'DATABASE_URL: expected string (uri), got "not a url"',
    ]);
  });

  it("refuses lossy coercions that would hide a typo", () => {
    expect(configError({ ...validEnv, HTTP_PORT: "80.5" }).problems).toEqual([
      'HTTP_PORT: expected integer in 0..65535, got "80.5"',
    ]);
    expect(configError({ ...validEnv, HTTP_PORT: "true" }).problems).toHaveLength(1);
  });

  it("treats an empty variable as unset", () => {
    const config = loadConfig(schema, { ...validEnv, LOG_LEVEL: "", OTEL_EXPORTER_OTLP_ENDPOINT: "" });
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(configError({ ...validEnv, SERVICE_NAME: "" }).problems).toEqual([
      "SERVICE_NAME: is required but not set",
    ]);
  });
});
