// web (port 8004): the public pages and the signed-in client. Stateless: no database, no Redis;
// ready once the client is built and the catalogues load.
import { access } from "node:fs/promises";
import path from "node:path";
import { startService } from "@phoenix/kernel/service";
import { defaultClientDir, webRoutes } from "./app.ts";
import { webConfigSchema } from "./config.ts";
import { createTranslators } from "./i18n.ts";
import { planSource } from "./plans.ts";

await startService({
  schema: webConfigSchema,
  async setup({ config, logger }) {
    const clientDir = config.CLIENT_DIR ?? defaultClientDir;
    return {
      readiness: { client: () => access(path.join(clientDir, "index.html")) },
      routes: webRoutes({
        translators: await createTranslators(),
        plans: planSource({ apiUrl: config.API_INTERNAL_URL, cacheMs: config.PLANS_CACHE_MS, logger }),
        publicBaseUrl: config.PUBLIC_BASE_URL,
        clientDir,
      }),
    };
  },
});
