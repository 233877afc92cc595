// Background duties of the API process: re-seal TOTP secrets when the internal key set changes
// (before a retired key leaves the set), and the retention run on a timer.
import type { ApiContext } from "./context.ts";
import { runRetention } from "./gdpr/retention.ts";

export function startMaintenance(context: ApiContext): { stop(): void } {
  const { config, logger, pool, mfa } = context;
  const reseal = (): void => {
    mfa.reseal().then(
      (count) => {
        if (count > 0) logger.info({ count }, "TOTP secrets re-sealed under the current internal key");
      },
      (err: unknown) => {
        logger.error({ err }, "re-sealing TOTP secrets failed; retried at the next key-set change");
      },
    );
  };
  reseal();
  const unsubscribe = context.internalKeys.on("change", reseal);

  const days = {
    messages: config.RETENTION_MESSAGES_DAYS,
    events: config.RETENTION_EVENTS_DAYS,
    tokens: config.RETENTION_TOKENS_DAYS,
    audit: config.RETENTION_AUDIT_DAYS,
    stripeEvents: config.RETENTION_STRIPE_EVENTS_DAYS,
  };
  const retention = (): void => {
    runRetention(pool, days).then(
      (deleted) => {
        if (deleted) logger.info({ deleted }, "retention run");
      },
      (err: unknown) => {
        logger.error({ err }, "retention run failed");
      },
    );
  };
  const timer =
    config.RETENTION_INTERVAL_MS > 0 ? setInterval(retention, config.RETENTION_INTERVAL_MS) : undefined;
  timer?.unref();
  return {
    stop() {
      unsubscribe();
      clearInterval(timer);
    },
  };
}
