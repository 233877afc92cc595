// career (port 8006): CVs, Mirror Match and cover letters (apps.md §2).
import { startService } from "@phoenix/kernel/service";
import { assertMigrated } from "@phoenix/store";
import { careerReadiness, careerRoutes, createCareerContext } from "./app.ts";
import { careerConfigSchema } from "./config.ts";

await startService({
  schema: careerConfigSchema,
  async setup({ config, logger, metrics, shutdown }) {
    // The owner role migrates, out of the service (ADR 0009); stop here if it has not.
    await assertMigrated(config.DATABASE_URL);
    const context = await createCareerContext(config, { logger, metrics, shutdown });
    return { readiness: careerReadiness(context), routes: careerRoutes(context) };
  },
});
