// api (port 8000): accounts, numbers, billing, GDPR and admin (architecture §4).
import { startService } from "@phoenix/kernel/service";
import { assertMigrated } from "@phoenix/store";
import { apiReadiness, apiRoutes, createApiContext } from "./app.ts";
import { apiConfigSchema } from "./config.ts";
import { startMaintenance } from "./maintenance.ts";

await startService({
  schema: apiConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const context = await createApiContext(config, { logger, metrics, shutdown });
    const maintenance = startMaintenance(context);
    shutdown.add("maintenance", () => {
      maintenance.stop();
    });
    return { readiness: apiReadiness(context), routes: apiRoutes(context) };
  },
});
