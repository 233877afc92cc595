// Iris as the integration tests run it: the real app (createIrisContext + irisRoutes on the
// kernel's fastify instance) listening on 127.0.0.1 (answers are streamed, so tests read them with
// fetch as the browser does), on a database migrated by the owner role and used through the
// services' role (RLS applies), the real Redis through Sentinel, and a JWT key set written like a
// mounted Secret. Access tokens are signed with that key set exactly as the API signs them.
import { randomBytes } from "node:crypto";
import { loadConfig } from "@phoenix/kernel/config";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { es256Key } from "../../packages/kernel/src/keyset-testing.ts";
import { createIrisContext, irisReadiness, irisRoutes } from "../../services/iris/src/app.ts";
import type { IrisContext, Overrides } from "../../services/iris/src/app.ts";
import { irisConfigSchema } from "../../services/iris/src/config.ts";
import { readSse } from "../../services/iris/src/chat/sse-read.ts";
import type { SseEvent } from "../../services/iris/src/chat/sse-read.ts";
import { keySetDir } from "../api/harness.ts";
import { localEnv } from "../support/local-env.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { systemQuery } from "../support/sms-data.ts";
import { createAppDatabase } from "../support/sms-path.ts";

export interface TestIris {
  url: string;
  app: FastifyInstance;
  context: IrisContext;
  pool: pg.Pool;
  asSystem<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** A user (free plan unless said) and an access token for them. */
  user(options?: { plan?: "free" | "premium"; language?: "fr" | "en"; timeZone?: string }): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  id: string;
  token: string;
  headers: Record<string, string>;
}

export interface IrisOptions {
  /** The metrics' `service` label; default "iris-test" ("iris" as deployed, for the dashboards test). */
  service?: string;
  env?: Record<string, string>;
  /** Another component's database (e.g. the SMS path's); default a fresh one, dropped at close. */
  databaseUrl?: string;
  /** The BullMQ prefix of the workers that should fire this iris's reminders. */
  queuePrefix?: string;
  overrides?: Overrides;
}

export async function startTestIris(options: IrisOptions = {}): Promise<TestIris> {
  const db = options.databaseUrl ? null : await createAppDatabase();
  const databaseUrl = options.databaseUrl ?? db?.url ?? "";
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  pool.on("error", () => undefined);
  const jwtKeys = await keySetDir("jwt", [es256Key()]);
  const prefix = `t${randomBytes(4).toString("hex")}`;
  const env: Record<string, string> = {
    HTTP_PORT: "0",
    LOG_LEVEL: "silent",
    DATABASE_URL: databaseUrl,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    QUEUE_PREFIX: options.queuePrefix ?? prefix,
    IRIS_QUOTA_PREFIX: `${prefix}:iris-quota`,
    JWT_KEYSET_DIR: jwtKeys.dir,
    KEYSET_POLL_INTERVAL_MS: "200",
    ...options.env,
  };
  const config = loadConfig(irisConfigSchema, env);
  const logger = createLogger({ name: "iris-test", level: config.LOG_LEVEL });
  const metrics = createMetrics({ service: options.service ?? "iris-test" });
  const closers: Array<() => Promise<void> | void> = [];
  const shutdown = { add: (_name: string, hook: () => Promise<void> | void) => void closers.push(hook) };
  const context = await createIrisContext(config, { logger, metrics, shutdown }, options.overrides);
  const app = createHttpServer({ logger, metrics, readiness: irisReadiness(context) });
  await app.register(irisRoutes(context));
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  const asSystem = <R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
    systemQuery<R>(pool, sql, params);
  return {
    url,
    app,
    context,
    pool,
    asSystem,
    async user({ plan = "free", language = "fr", timeZone = "Europe/Paris" } = {}) {
      const [row] = await asSystem<{ id: string }>(
        "INSERT INTO users (plan, time_zone, language) VALUES ($1, $2, $3) RETURNING id",
        [plan, timeZone, language],
      );
      const id = row!.id;
      const { token } = await context.tokens.issueAccess({
        userId: id,
        roles: plan === "premium" ? ["user", "premium"] : ["user"],
        sessionId: "test",
        amr: ["pwd"],
      });
      return { id, token, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" } };
    },
    async close() {
      app.server.closeAllConnections();
      await app.close();
      for (const close of closers.reverse()) await close();
      await pool.end();
      // Its own prefix (quota, and queues unless it was given another component's, left to that one).
      try {
        await dropRedisKeys(prefix);
      } finally {
        await db?.drop();
      }
    },
  };
}

export interface Streamed {
  status: number;
  /** Every event in arrival order. */
  events: SseEvent[];
  /** The deltas joined. */
  text: string;
  done: Record<string, unknown> | undefined;
  /** For a 4xx: the JSON body. */
  body: Record<string, unknown> | undefined;
}

/** POSTs and reads the SSE answer to its end (or the JSON error). */
export async function postStream(
  iris: TestIris,
  user: TestUser,
  path: string,
  request: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Streamed> {
  const { body, headers = {} } = request;
  const response = await fetch(`${iris.url}${path}`, {
    method: "POST",
    headers:
      body === undefined
        ? { authorization: user.headers.authorization!, ...headers }
        : { ...user.headers, ...headers },
    ...(body !== undefined && { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  if (!response.headers.get("content-type")?.startsWith("text/event-stream") || !response.body) {
    return {
      status: response.status,
      events: [],
      text: "",
      done: undefined,
      body: (await response.json()) as Record<string, unknown>,
    };
  }
  const events: SseEvent[] = [];
  for await (const event of readSse(response.body)) events.push(event);
  const text = events
    .filter((event) => event.event === "delta")
    .map((event) => (JSON.parse(event.data) as { text: string }).text)
    .join("");
  const doneEvent = events.find((event) => event.event === "done");
  const done = doneEvent ? (JSON.parse(doneEvent.data) as Record<string, unknown>) : undefined;
  return { status: response.status, events, text, done, body: undefined };
}

export async function newConversation(iris: TestIris, user: TestUser, title?: string): Promise<string> {
  const response = await fetch(`${iris.url}/v1/chat/conversations`, {
    method: "POST",
    headers: user.headers,
    body: JSON.stringify(title === undefined ? {} : { title }),
  });
  if (response.status !== 201)
    throw new Error(`create conversation: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/** Sends `text` in the conversation and reads the answer. */
export const send = (
  iris: TestIris,
  user: TestUser,
  conversationId: string,
  message: string | { text: string; headers?: Record<string, string> },
) => {
  const { text, headers } = typeof message === "string" ? { text: message, headers: {} } : message;
  return postStream(iris, user, `/v1/chat/conversations/${conversationId}/messages`, {
    body: { text },
    ...(headers && { headers }),
  });
};
