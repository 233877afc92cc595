// The operator process: kernel service (config, logs, metrics, /healthz, /readyz on 8080,
// graceful shutdown) around the operator. Losing the Lease ends the process, so a replica that
// might be stale never reconciles again; Kubernetes restarts it as a standby.
import { startService } from "@phoenix/kernel/service";
import { operatorConfigSchema } from "./config.ts";
import { buildOperator } from "./operator.ts";

await startService({
  schema: operatorConfigSchema,
  setup: ({ config, logger, metrics, shutdown }) => {
    const operator = buildOperator({ config, logger, registry: metrics.registry });
    const stop = new AbortController();
    const running = operator.run(stop.signal).then(
      () => {
        if (!stop.signal.aborted) void shutdown.run("leader election ended");
      },
      (error: unknown) => {
        logger.error({ err: error }, "operator failed");
        void shutdown.run("operator failed");
      },
    );
    shutdown.add("operator", async () => {
      stop.abort();
      await running;
    });
    return {
      readiness: {
        caches: () => (operator.ready() ? Promise.resolve() : Promise.reject(new Error("caches not synced"))),
      },
    };
  },
});
