// sms-router fuzzed with malformed Twilio webhooks (issue 16; docs/decisions/0044): the real router,
// built as src/server.ts builds it, on the real Postgres and Redis. Every case must be the 4xx it
// calls for (never a 5xx), no table may change, nothing may be logged at error level, and the
// router must stay healthy and ready. The cases (test/support/fuzz-twilio.ts) are a bounded set
// drawn from a seeded source: FUZZ_SEED=<n> replays or explores another set. (agent and workers
// serve only the kernel's probes, fuzzed here and in fuzz-api; the emulators are test doubles.)
import { randomUUID } from "node:crypto";
import { loadConfig } from "@phoenix/kernel/config";
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import { createHttpServer } from "@phoenix/kernel/http";
import { createLogger } from "@phoenix/kernel/log";
import { createMetrics } from "@phoenix/kernel/metrics";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import { closeQueues, createQueues, withSystem } from "@phoenix/store";
import { twilioSignature } from "@phoenix/twilio";
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { routerRoutesOf } from "../../services/sms-router/src/app.ts";
import { routerConfigSchema } from "../../services/sms-router/src/config.ts";
import {
  expectHealthy,
  fuzzSeed,
  kernelCases,
  runCases,
  seededRandom,
  statusCounts,
  tableFingerprints,
  unexpected,
} from "../support/fuzz.ts";
import {
  ACCOUNT_SID,
  FORM,
  PUBLIC_BASE_URL,
  TWILIO_TOKEN,
  formText,
  messageSid,
  routerCases,
  signedForm,
  twilioPost,
} from "../support/fuzz-twilio.ts";
import { localEnv } from "../support/local-env.ts";
import { dropRedisKeys } from "../support/redis.ts";
import { seedUser } from "../support/sms-data.ts";
import type { SeededUser } from "../support/sms-data.ts";
import { createAppDatabase } from "../support/sms-path.ts";

const SEED = fuzzSeed(20_261_116);

interface Router {
  app: FastifyInstance;
  pool: pg.Pool;
  logLines: Record<string, unknown>[];
  close(): Promise<void>;
}

/** The router as src/server.ts builds it: kernel server, pool, Redis and queues, routerRoutesOf. */
async function startRouter(): Promise<Router> {
  const db = await createAppDatabase();
  const config = loadConfig(routerConfigSchema, {
    DATABASE_URL: db.url,
    REDIS_SENTINELS: localEnv.sentinels,
    REDIS_MASTER_NAME: localEnv.redisMasterName,
    QUEUE_PREFIX: `fuzz${randomUUID().slice(0, 8)}`,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    PUBLIC_BASE_URL,
  });
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "sms-router-fuzz",
    destination: { write: (line: string) => logLines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const metrics = createMetrics({ service: "sms-router-fuzz" });
  const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: "sms-router", logger });
  const redis = createRedis(config, { role: "bullmq-queue", name: "sms-router-fuzz" });
  const queues = createQueues(redis, config.QUEUE_PREFIX);
  const app = createHttpServer({
    logger,
    metrics,
    readiness: { postgres: pgReadiness(pool), redis: redisReadiness(redis) },
  });
  await app.register(routerRoutesOf(config, { pool, queues, logger, metrics }));
  await app.ready();
  return {
    app,
    pool,
    logLines,
    async close() {
      await app.close();
      await closeQueues(queues);
      await closeRedis(redis);
      await pool.end();
      try {
        await dropRedisKeys(config.QUEUE_PREFIX);
      } finally {
        await db.drop();
      }
    },
  };
}

describe("sms-router under malformed webhooks", () => {
  let router: Router;
  let user: SeededUser;
  const outboundSid = `SM${"0".repeat(31)}1`;

  beforeAll(async () => {
    router = await startRouter();
    return () => router.close();
  });
  beforeAll(async () => {
    user = await seedUser(router.pool);
    // An outbound message that a status callback would move from sent to delivered.
    await withSystem(router.pool, (tx) =>
      tx.query(
        `INSERT INTO messages (user_id, direction, twilio_sid, from_e164, to_e164, body, status, status_rank, kind)
         VALUES ($1, 'outbound', $2, $3, $4, 'hello', 'sent', 5, 'reply')`,
        [user.id, outboundSid, user.number, user.phone],
      ),
    );
  });

  it("answers every case with the 4xx it calls for, writes nothing, logs no error and stays ready", async () => {
    const random = seededRandom(SEED);
    const cases = [...routerCases(random, user, outboundSid), ...kernelCases(random)];
    const before = await tableFingerprints(router.pool);
    const started = performance.now();

    const outcomes = await runCases(router.app, cases);

    const elapsed = Math.round(performance.now() - started);
    console.info(
      `sms-router fuzz: ${cases.length} cases in ${elapsed} ms, seed ${SEED}`,
      statusCounts(outcomes),
    );
    expect(unexpected(outcomes), `seed ${SEED}`).toEqual([]);
    expect(await tableFingerprints(router.pool)).toEqual(before);
    expect(router.logLines.filter((line) => line["level"] === "error")).toEqual([]);
    await expectHealthy(router.app);
  });

  it("still takes Twilio's own requests, signed with or without the default port, and writes them", async () => {
    const random = seededRandom(SEED + 1);
    const sid = messageSid(random);
    const form = {
      MessageSid: sid,
      AccountSid: ACCOUNT_SID,
      From: user.phone,
      To: user.number,
      Body: "tasks",
    };
    const signedOver = (url: string) =>
      twilioPost("/twilio/sms", formText(form), {
        "content-type": FORM,
        "x-twilio-signature": twilioSignature(TWILIO_TOKEN, url, form),
      });
    const withPort = await router.app.inject(signedOver("https://sms.phoenix.example:443/twilio/sms"));
    expect(withPort.statusCode, withPort.body).toBe(200);
    // The same delivery again, signed without the port: accepted, deduplicated on MessageSid.
    expect((await router.app.inject(signedOver(`${PUBLIC_BASE_URL}/twilio/sms`))).statusCode).toBe(200);
    const callback = { MessageSid: outboundSid, MessageStatus: "delivered", SmsStatus: "delivered" };
    expect((await router.app.inject(signedForm(random, "/twilio/status", callback))).statusCode).toBe(204);
    const statusOf = async (twilioSid: string) =>
      withSystem(
        router.pool,
        async (tx) =>
          (
            await tx.query<{ status: string }>("SELECT status FROM messages WHERE twilio_sid = $1", [
              twilioSid,
            ])
          ).rows,
      );
    expect(await statusOf(sid)).toEqual([{ status: "received" }]);
    expect(await statusOf(outboundSid)).toEqual([{ status: "delivered" }]);
  });
});
