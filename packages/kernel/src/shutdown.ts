// Graceful shutdown on SIGTERM: Kubernetes sends it, waits terminationGracePeriodSeconds, then
// kills. Hooks close resources in reverse order of creation, under a watchdog.
import type { Logger } from "./log.ts";

export type ShutdownHook = () => Promise<void> | void;

export interface ShutdownOptions {
  logger: Logger;
  /** How long all hooks together may take before the watchdog exits with code 1. */
  timeoutMs: number;
  /** Default process.exit; tests inject a spy. */
  exit?: (code: number) => void;
}

export interface Shutdown {
  /** Registers a cleanup; register it right where the resource is created. */
  add(name: string, hook: ShutdownHook): void;
  /**
   * Runs every hook, last registered first, then exits with 0 (or 1 if a hook failed). Calling
   * it again returns the shutdown already under way.
   */
  run(reason: string): Promise<void>;
  /** Runs `run` on SIGTERM and SIGINT. */
  install(): void;
  /** True from the moment shutdown begins: /healthz and /readyz answer 503 from then on. */
  isShuttingDown(): boolean;
}

export function createShutdown({
  logger,
  timeoutMs,
  exit = (code) => process.exit(code),
}: ShutdownOptions): Shutdown {
  const hooks: { name: string; hook: ShutdownHook }[] = [];
  let running: Promise<void> | undefined;

  async function runHooks(reason: string): Promise<void> {
    logger.info({ reason, hooks: hooks.length }, "shutdown started");
    const watchdog = setTimeout(() => {
      logger.error({ timeoutMs }, "shutdown hooks exceeded the timeout; exiting");
      exit(1);
    }, timeoutMs);
    let failed = false;
    for (const { name, hook } of hooks.toReversed()) {
      try {
        await hook();
        logger.info({ hook: name }, "shutdown hook done");
      } catch (err) {
        failed = true;
        logger.error({ err, hook: name }, "shutdown hook failed");
      }
    }
    clearTimeout(watchdog);
    logger.info({ failed }, "shutdown complete");
    exit(failed ? 1 : 0);
  }

  const shutdown: Shutdown = {
    add(name, hook) {
      hooks.push({ name, hook });
    },
    run(reason) {
      if (running) {
        logger.warn({ reason }, "shutdown already in progress");
        return running;
      }
      running = runHooks(reason);
      return running;
    },
    install() {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process.on(signal, () => void shutdown.run(signal));
      }
    },
    isShuttingDown: () => running !== undefined,
  };
  return shutdown;
}
