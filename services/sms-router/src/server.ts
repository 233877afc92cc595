// sms-router (port 8003): Twilio's inbound SMS webhook and status callbacks.
import { pgReadiness, createPool } from "@phoenix/kernel/db";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import { startService } from "@phoenix/kernel/service";
import { assertMigrated, closeQueues, createQueues } from "@phoenix/store";
import { routerRoutesOf } from "./app.ts";
import { routerConfigSchema } from "./config.ts";

await startService({
  schema: routerConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: "sms-router", logger });
    shutdown.add("postgres", () => pool.end());
    const redis = createRedis(config, { role: "bullmq-queue", name: "sms-router" });
    shutdown.add("redis", () => closeRedis(redis));
    const queues = createQueues(redis, config.QUEUE_PREFIX);
    shutdown.add("queues", () => closeQueues(queues));
    return {
      readiness: { postgres: pgReadiness(pool), redis: redisReadiness(redis) },
      routes: routerRoutesOf(config, { pool, queues, logger, metrics }),
    };
  },
});
