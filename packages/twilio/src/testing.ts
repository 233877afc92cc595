// Builders for this package's tests: the real Twilio emulator, in-process and listening on
// 127.0.0.1, clients of it that record every onCall report, and a local HTTP receiver standing in
// for the application that gets webhooks. Never exported from index.ts: production code does not
// depend on the emulator.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { buildApp } from "@phoenix/twilio-emulator/app";
import type { EmulatorOptions } from "@phoenix/twilio-emulator/app";
import { createControlClient } from "@phoenix/twilio-emulator/control-client";
import type { TwilioControlClient } from "@phoenix/twilio-emulator/control-client";
import { defaultPoolSeed } from "@phoenix/twilio-emulator/pool";
import { createState } from "@phoenix/twilio-emulator/state";
import { createTwilioClient } from "./client.ts";
import type { TwilioClient, TwilioClientOptions } from "./client.ts";
import type { TwilioCall } from "./transport.ts";

export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const AUTH_TOKEN = "test-auth-token";

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  control: TwilioControlClient;
  /** A client of this emulator with the account's credentials, recording into `calls`. */
  client(options?: Partial<TwilioClientOptions>): TwilioClient;
  /** Every onCall report of the clients built by `client()`, in order. */
  calls: TwilioCall[];
  close(): Promise<void>;
}

export interface StartEmulatorOptions extends Omit<EmulatorOptions, "state"> {
  /** Numbers for sale per area code (415, 212, 646); default 100, enough for most tests and quick to build. */
  poolPerAreaCode?: number;
}

export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { poolPerAreaCode = 100, ...appOptions } = options;
  const state = createState({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    pool: defaultPoolSeed(poolPerAreaCode),
  });
  const app = buildApp({ sendDelayMs: 5, deliverDelayMs: 5, ...appOptions, state });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const calls: TwilioCall[] = [];
  return {
    url,
    control: createControlClient(url),
    calls,
    client: (overrides = {}) =>
      createTwilioClient({
        accountSid: ACCOUNT_SID,
        password: AUTH_TOKEN,
        baseUrl: url,
        // The emulator serves the Pricing API's paths on the same port.
        pricingBaseUrl: url,
        onCall: (call) => calls.push(call),
        ...overrides,
      }),
    async close() {
      const closed = app.close();
      // Tests are over: do not wait for a keep-alive connection (or a request a client gave up
      // on) to wind down on its own.
      app.server.closeAllConnections();
      await closed;
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return `http://127.0.0.1:${port}`;
}

// The webhook receiver is the emulator's own test helper: one implementation for both packages.
export { startReceiver } from "@phoenix/twilio-emulator/testing";
export type { ReceivedRequest, Receiver } from "@phoenix/twilio-emulator/testing";

export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 2000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
