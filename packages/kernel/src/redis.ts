// ioredis connections, standalone (REDIS_URL) or through Sentinels (REDIS_SENTINELS), with the
// options BullMQ needs per role.
import { setTimeout as delay } from "node:timers/promises";
import { Redis } from "ioredis";
import type { RedisOptions } from "ioredis";
import Type from "typebox";
import type { Static } from "typebox";
import { ConfigError } from "./config.ts";
import type { ReadinessCheck } from "./http.ts";
import type { Logger } from "./log.ts";

/** Spread into a service's config schema. Exactly one of REDIS_URL and REDIS_SENTINELS is set. */
export const redisConfig = {
  REDIS_URL: Type.Optional(Type.String({ format: "uri" })),
  /** "host:port,host:port" */
  REDIS_SENTINELS: Type.Optional(Type.String({ minLength: 1 })),
  REDIS_MASTER_NAME: Type.String({ minLength: 1, default: "phoenix" }),
  REDIS_PASSWORD: Type.Optional(Type.String()),
  /** Only when the Sentinels themselves require AUTH. */
  REDIS_SENTINEL_PASSWORD: Type.Optional(Type.String()),
};

export const redisConfigSchema = Type.Object(redisConfig);
export type RedisConfig = Omit<Static<typeof redisConfigSchema>, "REDIS_MASTER_NAME"> & {
  REDIS_MASTER_NAME?: string;
};

/**
 * - "client": commands (rate limits, caches) issued while disconnected wait for the connection,
 *   but fail after a couple of reconnection attempts instead of hanging a request.
 * - "bullmq-queue": a BullMQ Queue (producer); additionally no offline queue, so `add` fails at once
 *   while Redis is unreachable (BullMQ's "failing fast when Redis is down" pattern). BullMQ itself
 *   waits for the first connection before using it.
 * - "bullmq-worker": a BullMQ Worker or QueueEvents; blocking commands must wait out any outage,
 *   so `maxRetriesPerRequest: null` (BullMQ refuses anything else).
 */
export type RedisRole = "client" | "bullmq-worker" | "bullmq-queue";

export interface RedisConnectionOptions {
  role: RedisRole;
  /** CLIENT SETNAME, so `CLIENT LIST` shows who holds each connection. */
  name: string;
  /** Connection errors are logged here; without it ioredis prints them to stderr as plain text. */
  logger?: Logger;
}

/** Throws a ConfigError unless exactly one of REDIS_URL and REDIS_SENTINELS is set. */
export function createRedis(config: RedisConfig, connection: RedisConnectionOptions): Redis {
  const options = redisOptions(config, connection);
  const redis = connectRedis(config, options);
  const { logger, name } = connection;
  if (logger)
    redis.on("error", (err) => {
      logger.warn({ err, connection: name }, "redis connection error");
    });
  return redis;
}

/** A client for the configured topology, with `options` from redisOptions: via the Sentinels, else REDIS_URL. */
export function connectRedis(config: RedisConfig, options: RedisOptions): Redis {
  if (config.REDIS_SENTINELS) return new Redis(options);
  if (config.REDIS_URL === undefined) {
    throw new ConfigError(["REDIS_URL, REDIS_SENTINELS: exactly one must be set, got neither"]);
  }
  return new Redis(config.REDIS_URL, options);
}

/** The ioredis options createRedis uses (REDIS_URL itself is passed separately). */
export function redisOptions(config: RedisConfig, { role, name }: RedisConnectionOptions): RedisOptions {
  const options: RedisOptions = { ...roleOptions(role), ...commonOptions(name, config) };
  return config.REDIS_SENTINELS ? sentinelOptions(config, config.REDIS_SENTINELS, options) : options;
}

export function redisReadiness(redis: Redis): ReadinessCheck {
  return async () => {
    await redis.ping();
  };
}

function roleOptions(role: RedisRole): RedisOptions {
  switch (role) {
    case "bullmq-worker":
      return { maxRetriesPerRequest: null, enableOfflineQueue: true };
    case "bullmq-queue":
      return { maxRetriesPerRequest: 2, enableOfflineQueue: false };
    case "client":
      return { maxRetriesPerRequest: 2, enableOfflineQueue: true };
  }
}

function commonOptions(name: string, config: RedisConfig): RedisOptions {
  checkExactlyOneTopology(config);
  return {
    connectionName: name,
    ...(config.REDIS_PASSWORD !== undefined && { password: config.REDIS_PASSWORD }),
    enableReadyCheck: true,
    connectTimeout: 5_000,
    retryStrategy: cappedBackoff,
    // After a failover the old primary comes back as a replica and answers writes with READONLY:
    // reconnect (through the Sentinels, to the new primary) and resend the command.
    reconnectOnError: (err) => (err.message.startsWith("READONLY") ? 2 : false),
  };
}

function sentinelOptions(config: RedisConfig, sentinels: string, options: RedisOptions): RedisOptions {
  return {
    ...options,
    sentinels: parseSentinels(sentinels),
    name: config.REDIS_MASTER_NAME ?? "phoenix",
    role: "master",
    ...(config.REDIS_SENTINEL_PASSWORD !== undefined && { sentinelPassword: config.REDIS_SENTINEL_PASSWORD }),
    sentinelRetryStrategy: cappedBackoff,
    // Subscribes to +switch-master so a failover is followed at once, not at the next error.
    failoverDetector: true,
  };
}

/** 100 ms, 200 ms, 400 ms … capped at 5 s, with jitter so replicas do not reconnect in lockstep. */
function cappedBackoff(attempt: number): number {
  const base = Math.min(50 * 2 ** attempt, 5_000);
  return Math.round(base / 2 + Math.random() * (base / 2));
}

function checkExactlyOneTopology(config: RedisConfig): void {
  const hasUrl = Boolean(config.REDIS_URL);
  const hasSentinels = Boolean(config.REDIS_SENTINELS);
  if (hasUrl === hasSentinels) {
    throw new ConfigError([
      `REDIS_URL, REDIS_SENTINELS: exactly one must be set, got ${hasUrl ? "both" : "neither"}`,
    ]);
  }
}

export function parseSentinels(list: string): { host: string; port: number }[] {
  const entries = list.split(",").map((entry) => entry.trim());
  const parsed = entries.map((entry) => {
    const [, host, portText] = /^(.+):(\d{1,5})$/.exec(entry) ?? [];
    const port = Number(portText);
    return host !== undefined && port >= 1 && port <= 65535 ? { host, port } : undefined;
  });
  const bad = entries.filter((_entry, index) => parsed[index] === undefined);
  if (bad.length > 0) {
    throw new ConfigError([`REDIS_SENTINELS: expected "host:port,host:port", got ${JSON.stringify(list)}`]);
  }
  return parsed as { host: string; port: number }[];
}

/**
 * Closes a connection for good: QUIT lets pending replies arrive, then disconnect() stops any
 * reconnection already scheduled (a Sentinel failover notice arriving during QUIT would
 * otherwise reconnect the client after shutdown).
 */
export async function closeRedis(
  redis: Redis,
  { timeoutMs = 2000 }: { timeoutMs?: number } = {},
): Promise<void> {
  if (redis.status === "end") return;
  // Not events.once: it rejects on the "error" events a reconnecting client keeps emitting.
  const ended = new Promise<void>((resolve) =>
    redis.once("end", () => {
      resolve();
    }),
  );
  const deadline = new AbortController();
  const expired = delay(timeoutMs, undefined, { signal: deadline.signal }).catch(() => undefined);
  try {
    // QUIT lets replies still in flight arrive; only a connected client can send it (one still
    // connecting or reconnecting to an unreachable Redis would queue it forever).
    if (redis.status === "ready") await Promise.race([redis.quit().catch(() => undefined), expired]);
    // A client waiting for its next reconnection attempt has no socket: disconnect() cancels the
    // attempt, and nothing more happens ("end" never comes).
    const waiting = redis.status === "reconnecting";
    redis.disconnect(false);
    // QUIT resolves on its reply, before the socket has closed: wait for "end" itself (bounded).
    if (!waiting) await Promise.race([ended, expired]);
  } finally {
    deadline.abort();
  }
}
