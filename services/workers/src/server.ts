// workers (port 8002): outbound SMS, reminders, focus check-ins, sweeper, settlement, nudges,
// and the TwilioNumber → phone_numbers mirror.
import { createPool, pgReadiness } from "@phoenix/kernel/db";
import { closeRedis, createRedis, redisReadiness } from "@phoenix/kernel/redis";
import { startService } from "@phoenix/kernel/service";
import { tracedFetch } from "@phoenix/kernel/tracing";
import { assertMigrated, closeQueues, createQueues } from "@phoenix/store";
import { loadKubeConfig } from "@phoenix/kube/kube-config";
import { createTwilioClient } from "@phoenix/twilio";
import { workersConfigSchema } from "./config.ts";
import { startNumberMirror } from "./number-mirror.ts";
import { startWorkers } from "./runtime.ts";
import { twilioCallCounter } from "./send-metrics.ts";

await startService({
  schema: workersConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const pool = createPool({
      connectionString: config.DATABASE_URL,
      applicationName: "workers",
      logger,
      max: 20,
    });
    shutdown.add("postgres", () => pool.end());
    const redis = createRedis(config, { role: "bullmq-queue", name: "workers" });
    shutdown.add("redis", () => closeRedis(redis));
    const queues = createQueues(redis, config.QUEUE_PREFIX);
    shutdown.add("queues", () => closeQueues(queues));
    const twilio = createTwilioClient({
      accountSid: config.TWILIO_ACCOUNT_SID,
      ...(config.TWILIO_API_KEY_SID && { username: config.TWILIO_API_KEY_SID }),
      password: config.TWILIO_AUTH_TOKEN,
      baseUrl: config.TWILIO_BASE_URL,
      timeoutMs: config.TWILIO_TIMEOUT_MS,
      // A client span per Twilio request, in the trace of the job that sends the SMS.
      fetch: tracedFetch,
      onCall: twilioCallCounter(metrics.registry),
    });
    if (config.NUMBER_SYNC === "kubernetes") {
      const mirror = startNumberMirror({
        pool,
        kubeConfig: loadKubeConfig(config.KUBECONFIG),
        registry: metrics.registry,
        logger,
        ...(config.NUMBER_SYNC_NAMESPACE && { namespace: config.NUMBER_SYNC_NAMESPACE }),
        lease: { namespace: config.NUMBER_SYNC_LEASE_NAMESPACE, name: config.NUMBER_SYNC_LEASE },
        resyncPeriodMs: config.NUMBER_SYNC_RESYNC_MS,
      });
      shutdown.add("number mirror", () => mirror.close());
    }
    const runtime = await startWorkers({
      redis: config,
      prefix: config.QUEUE_PREFIX,
      pool,
      queues,
      twilio,
      logger,
      metrics,
      settings: {
        statusCallback: config.PUBLIC_BASE_URL.replace(/\/+$/, "") + config.STATUS_CALLBACK_PATH,
        outboundConcurrency: config.OUTBOUND_CONCURRENCY,
        sweepIntervalMs: config.SWEEP_INTERVAL_MS,
        replyDeadlineMs: config.REPLY_DEADLINE_MS,
        nudgesPerDay: config.NUDGES_PER_DAY,
        // The Twilio timeout plus margin: an attempt older than this cannot still be in flight.
        leaseMs: config.TWILIO_TIMEOUT_MS + 5_000,
      },
    });
    shutdown.add("workers", () => runtime.close());
    return { readiness: { postgres: pgReadiness(pool), redis: redisReadiness(redis) } };
  },
});
