// phoenix-migrate: applies the store's migrations as the owner role and grants the services' role
// data privileges only, then exits (0 when the schema is current). Run by `make migrate` and by the
// phoenix chart's pre-install/pre-upgrade Job, from any service image:
//   node packages/store/src/main.ts   with DATABASE_URL (the owner's) and DATABASE_SERVICE_ROLE.
import Type from "typebox";
import { loadConfig, logLevels } from "@phoenix/kernel/config";
import { createLogger } from "@phoenix/kernel/log";
import { migrateStore } from "./migrate.ts";

const config = loadConfig(
  Type.Object({
    DATABASE_URL: Type.String({ format: "uri" }),
    DATABASE_SERVICE_ROLE: Type.String({ minLength: 1, default: "phoenix_app" }),
    LOG_LEVEL: Type.Enum(logLevels, { default: "info" }),
  }),
);
const logger = createLogger({ name: "phoenix-migrate", level: config.LOG_LEVEL });
try {
  const applied = await migrateStore({
    ownerUrl: config.DATABASE_URL,
    serviceRole: config.DATABASE_SERVICE_ROLE,
    logger,
  });
  logger.info({ applied, serviceRole: config.DATABASE_SERVICE_ROLE }, "schema current, service role granted");
} catch (err) {
  logger.fatal({ err }, "migration failed");
  process.exitCode = 1;
}
