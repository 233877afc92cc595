// agent (port 8001): consumes `inbound`, answers through the engine, schedules reminders and focus check-ins.
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import { startService } from "@phoenix/kernel/service";
import { assertMigrated, closeQueues, createQueues, quotaLimits } from "@phoenix/store";
import { agentConfigSchema } from "./config.ts";
import { createLlmResponder } from "./llm.ts";
import { startInboundWorker } from "./worker.ts";

await startService({
  schema: agentConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const pool = createPool({ connectionString: config.DATABASE_URL, applicationName: "agent", logger });
    shutdown.add("postgres", () => pool.end());
    const redis = createRedis(config, { role: "bullmq-queue", name: "agent" });
    shutdown.add("redis", () => closeRedis(redis));
    const queues = createQueues(redis, config.QUEUE_PREFIX);
    shutdown.add("queues", () => closeQueues(queues));
    const llm = config.LLM_BASE_URL
      ? createLlmResponder({
          baseUrl: config.LLM_BASE_URL,
          apiKey: config.LLM_API_KEY ?? "",
          model: config.LLM_MODEL,
          timeoutMs: config.LLM_TIMEOUT_MS,
        })
      : undefined;
    const deps = {
      pool,
      queues,
      quotas: quotaLimits(config),
      ...(llm && { llm }),
    };
    const worker = startInboundWorker({ config, logger, metrics, deps });
    // Added after the pools, so it closes first: in-flight jobs finish while Postgres is still there.
    shutdown.add("inbound worker", () => worker.close());
    return { readiness: { postgres: pgReadiness(pool), redis: redisReadiness(redis) } };
  },
});
