// The router's webhooks on client input, without a database: the pool counts every use, and no
// malformed, unsigned or wrongly encoded request may reach it. (The same with the real database,
// Redis and every route of every service: test/platform/webhook-fuzz.int.test.ts.)
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import { twilioSignature } from "@phoenix/twilio";
import type { FastifyInstance, InjectOptions } from "fastify";
import type pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { routerRoutes } from "./app.ts";

const AUTH_TOKEN = "router-unit-token";
const PUBLIC = "https://sms.phoenix.example";
const SID = "SM0123456789abcdef0123456789abcdef";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function router() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "sms-router-test",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const metrics = createMetrics({ service: "sms-router-test" });
  let databaseUses = 0;
  const pool = {
    connect: () => {
      databaseUses += 1;
      return Promise.reject(new Error("no database in this test"));
    },
  } as unknown as pg.Pool;
  const queues = { inbound: { add: () => Promise.reject(new Error("no queue in this test")) } };
  app = createHttpServer({ logger, metrics });
  await app.register(
    routerRoutes({
      pool,
      queues: queues as never,
      logger,
      metrics,
      authToken: AUTH_TOKEN,
      publicBaseUrl: PUBLIC,
      smsPath: "/twilio/sms",
      statusPath: "/twilio/status",
    }),
  );
  return { app, lines, databaseUses: () => databaseUses };
}

const form = (fields: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields))
    for (const item of [value].flat()) params.append(name, item);
  return params.toString();
};

/** A form POST to `path`, signed over `signedUrl` (default the public URL) unless `sign` is false. */
function post(
  path: string,
  fields: Record<string, string | string[]>,
  signedUrl = PUBLIC + path,
): InjectOptions {
  return {
    method: "POST",
    url: path,
    payload: form(fields),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(AUTH_TOKEN, signedUrl, fields),
    },
  };
}

const sms = { MessageSid: SID, From: "+15551230001", To: "+15551230002", Body: "hi", NumSegments: "1" };

describe("sms-router webhooks on client input", () => {
  it("answers the reviewer's JSON {MessageSid: 1} with 415, not 500, logging no error", async () => {
    const { app, lines, databaseUses } = await router();
    const response = await app.inject({
      method: "POST",
      url: "/twilio/sms",
      headers: { "content-type": "application/json", "x-twilio-signature": "x" },
      payload: JSON.stringify({ MessageSid: 1 }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({
      error: "unsupported_media_type",
      message: 'Content-Type must be application/x-www-form-urlencoded (got "application/json")',
    });
    expect(lines.filter((line) => line["level"] === "error")).toEqual([]);
    expect(databaseUses()).toBe(0);
  });

  it.each([
    ["missing From", "/twilio/sms", { ...sms, From: undefined }, "From is required"],
    ["a repeated MessageSid", "/twilio/sms", { ...sms, MessageSid: [SID, SID] }, "MessageSid is repeated"],
    ["NUL in the Body", "/twilio/sms", { ...sms, Body: "a\u0000b" }, "Body must not contain NUL"],
    ["NumSegments out of range", "/twilio/sms", { ...sms, NumSegments: "40000" }, "NumSegments is not"],
    [
      "a status callback without a status",
      "/twilio/status",
      { MessageSid: SID },
      "MessageStatus is required",
    ],
    [
      "a non-numeric ErrorCode",
      "/twilio/status",
      { MessageSid: SID, MessageStatus: "failed", ErrorCode: "x" },
      "ErrorCode",
    ],
  ])(
    "answers a signed webhook with %s 400, never touching the database",
    async (_name, path, fields, problem) => {
      const { app, lines, databaseUses } = await router();
      const defined = Object.fromEntries(
        Object.entries(fields).filter(([, value]) => value !== undefined),
      ) as Record<string, string | string[]>;
      const response = await app.inject(post(path, defined));
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json<{ error: string; message: string }>()).toMatchObject({
        error: "validation_error",
        message: expect.stringContaining(problem) as string,
      });
      expect(lines.filter((line) => line["level"] === "error")).toEqual([]);
      expect(databaseUses()).toBe(0);
    },
  );

  it("refuses an unsigned or wrongly signed webhook with 403 before reading its fields", async () => {
    const { app, databaseUses } = await router();
    const unsigned = await app.inject({
      ...post("/twilio/sms", sms),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(unsigned.statusCode).toBe(403);
    const elsewhere = await app.inject(post("/twilio/sms", sms, "https://elsewhere.example/twilio/sms"));
    expect(elsewhere.statusCode).toBe(403);
    expect(databaseUses()).toBe(0);
  });

  it.each([`${PUBLIC}/twilio/sms`, "https://sms.phoenix.example:443/twilio/sms"])(
    "takes a webhook signed over %s past the signature check (to the database)",
    async (signedUrl) => {
      const { app, databaseUses } = await router();
      await app.inject(post("/twilio/sms", sms, signedUrl));
      expect(databaseUses()).toBe(1);
    },
  );

  it("ignores a status that is ours, not Twilio's, without touching the database", async () => {
    const { app, databaseUses } = await router();
    const response = await app.inject(
      post("/twilio/status", { MessageSid: SID, MessageStatus: "suppressed" }),
    );
    expect(response.statusCode).toBe(204);
    expect(databaseUses()).toBe(0);
    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.body).toMatch(/sms_status_callbacks_total\{outcome="unknown_status"[^}]*\} 1/);
  });
});
