import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import Type from "typebox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, baseConfig } from "./config.ts";
import { startService } from "./service.ts";

const schema = Type.Object({ ...baseConfig, GREETING: Type.String({ default: "hello" }) });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const signalListeners = {
  SIGTERM: process.listenerCount("SIGTERM"),
  SIGINT: process.listenerCount("SIGINT"),
};
afterEach(() => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process
      .listeners(signal)
      .slice(signalListeners[signal])
      .forEach((listener) => process.off(signal, listener));
  }
});

describe("startService", () => {
  it("serves the service's routes and probes, and closes HTTP before the resources it depends on", async () => {
    const port = await freePort();
    const exit = vi.fn<(code: number) => void>();
    const closed: string[] = [];
    const service = await startService({
      schema,
      env: { SERVICE_NAME: "demo", HTTP_HOST: "127.0.0.1", HTTP_PORT: String(port), LOG_LEVEL: "silent" },
      exit,
      setup: ({ config, shutdown }) => {
        shutdown.add("pool", () => {
          closed.push("pool");
        });
        return {
          readiness: { postgres: () => Promise.resolve() },
          routes: (app) => {
            app.get("/greeting", () => Promise.resolve({ text: config.GREETING }));
            app.addHook("onClose", () => {
              closed.push("http");
            });
            return Promise.resolve();
          },
        };
      },
    });

    expect(service.address).toBe(`http://127.0.0.1:${port}`);
    expect(await (await fetch(`${service.address}/greeting`)).json()).toEqual({ text: "hello" });
    expect(await (await fetch(`${service.address}/readyz`)).json()).toEqual({
      status: "ready",
      checks: { postgres: "ok" },
    });
    expect(await (await fetch(`${service.address}/metrics`)).text()).toContain('service="demo"');

    await service.shutdown.run("test");
    expect(closed).toEqual(["http", "pool"]);
    expect(exit).toHaveBeenCalledExactlyOnceWith(0);
  });

  it("refuses to start on bad configuration, naming every problem", async () => {
    const setup = vi.fn(() => ({}));
    const starting = startService({ schema, env: { HTTP_PORT: "http" }, setup });
    await expect(starting).rejects.toThrow(ConfigError);
    await expect(starting).rejects.toThrow(/SERVICE_NAME: is required[\s\S]*HTTP_PORT: expected integer/);
    expect(setup).not.toHaveBeenCalled();
  });

  it("refuses a schema that does not spread baseConfig", async () => {
    const starting = startService({
      schema: Type.Object({ GREETING: Type.String() }),
      env: {},
      setup: () => ({}),
    });
    await expect(starting).rejects.toThrow(/must spread baseConfig; missing SERVICE_NAME, LOG_LEVEL/);
  });
});
