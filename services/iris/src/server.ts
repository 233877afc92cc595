// iris (port 8005): the coach Alessio in chat and the journal (apps.md §2).
import { startService } from "@phoenix/kernel/service";
import { assertMigrated } from "@phoenix/store";
import { createIrisContext, irisReadiness, irisRoutes } from "./app.ts";
import { irisConfigSchema } from "./config.ts";

await startService({
  schema: irisConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const context = await createIrisContext(config, { logger, metrics, shutdown });
    return { readiness: irisReadiness(context), routes: irisRoutes(context) };
  },
});
