import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger } from "./log.ts";
import { createShutdown } from "./shutdown.ts";

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    name: "test",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

/** A promise the test settles itself: a hook that takes exactly as long as the test says. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((settle) => (resolve = settle));
  return { promise, resolve };
}

function setup(timeoutMs = 1000) {
  const { logger, lines } = capturedLogger();
  const exit = vi.fn<(code: number) => void>();
  return { shutdown: createShutdown({ logger, timeoutMs, exit }), exit, lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createShutdown", () => {
  it("runs hooks last-registered-first, awaiting each, then exits 0", async () => {
    const { shutdown, exit } = setup();
    const order: string[] = [];
    const workers = deferred();
    shutdown.add("pool", () => {
      order.push("pool");
    });
    shutdown.add("workers", async () => {
      order.push("workers started");
      await workers.promise;
      order.push("workers");
    });
    shutdown.add("http", () => {
      order.push("http");
    });

    const done = shutdown.run("SIGTERM");
    await vi.waitFor(
      () => {
        expect(order).toContain("workers started");
      },
      { interval: 1 },
    );
    // The pool hook waits for the workers hook, however long that one takes.
    expect(order).toEqual(["http", "workers started"]);
    expect(exit).not.toHaveBeenCalled();
    workers.resolve();
    await done;

    expect(order).toEqual(["http", "workers started", "workers", "pool"]);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
  });

  it("is idempotent: a second signal joins the shutdown under way", async () => {
    const { shutdown, exit } = setup();
    const http = deferred();
    const hook = vi.fn(() => http.promise);
    shutdown.add("http", hook);

    expect(shutdown.isShuttingDown()).toBe(false);
    const first = shutdown.run("SIGTERM");
    expect(shutdown.isShuttingDown()).toBe(true);
    // The second signal arrives while the first shutdown's hook is still running.
    await vi.waitFor(
      () => {
        expect(hook).toHaveBeenCalled();
      },
      { interval: 1 },
    );
    const second = shutdown.run("SIGTERM");
    http.resolve();
    await Promise.all([first, second]);

    expect(second).toBe(first);
    expect(hook).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it("keeps running the other hooks when one fails, logs it and exits 1", async () => {
    const { shutdown, exit, lines } = setup();
    const closed: string[] = [];
    shutdown.add("pool", () => {
      closed.push("pool");
    });
    shutdown.add("workers", () => {
      throw new Error("worker close failed");
    });
    shutdown.add("http", () => {
      closed.push("http");
    });

    await shutdown.run("SIGTERM");

    expect(closed).toEqual(["http", "pool"]);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
    const failure = lines.find((line) => line["msg"] === "shutdown hook failed");
    expect(failure).toMatchObject({
      hook: "workers",
      level: "error",
      err: { message: "worker close failed" },
    });
  });

  it("exits 1 when the hooks outlast the timeout", async () => {
    vi.useFakeTimers();
    const { shutdown, exit } = setup(500);
    shutdown.add("stuck", () => new Promise<void>(() => undefined));

    void shutdown.run("SIGTERM");
    await vi.advanceTimersByTimeAsync(499);
    expect(exit).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(exit).toHaveBeenCalledExactlyOnceWith(1);
  });

  it("runs on SIGTERM once installed", async () => {
    const { shutdown, exit } = setup();
    const hook = vi.fn();
    shutdown.add("http", hook);
    const before = process.listenerCount("SIGTERM");
    shutdown.install();
    try {
      process.emit("SIGTERM", "SIGTERM");
      await vi.waitFor(() => {
        expect(exit).toHaveBeenCalledWith(0);
      });
      expect(hook).toHaveBeenCalledTimes(1);
    } finally {
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        process
          .listeners(signal)
          .slice(before)
          .forEach((listener) => process.off(signal, listener));
      }
    }
  });
});
