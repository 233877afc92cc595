// Builders for the emulator's tests: an in-process emulator with a Twilio-style request helper,
// and a local HTTP receiver standing in for the application that gets webhooks.
import { createServer } from "node:http";
import type { IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildApp } from "./app.ts";
import type { EmulatorOptions } from "./app.ts";
import { defaultPoolSeed } from "./pool.ts";
import { createState } from "./state.ts";
import type { EmulatorState, StateSeed } from "./state.ts";

export const ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef";
export const AUTH_TOKEN = "test-auth-token";
export const API_KEY_SID = "SK0123456789abcdef0123456789abcdef";
export const API_KEY_SECRET = "test-api-key-secret";

export function basicAuth(username = ACCOUNT_SID, password = AUTH_TOKEN): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export interface TestEmulator {
  app: FastifyInstance;
  state: EmulatorState;
  /** A REST call under /2010-04-01/Accounts/{ACCOUNT_SID}, authenticated unless `auth` says otherwise. */
  twilio(
    method: "GET" | "POST" | "DELETE",
    path: string,
    options?: TwilioCall,
  ): Promise<LightMyRequestResponse>;
}

export interface TwilioCall {
  form?: Record<string, string>;
  query?: Record<string, string>;
  /** [username, password]; null sends no Authorization header. Default the account's token. */
  auth?: readonly [string, string] | null;
}

export function testEmulator(options: EmulatorOptions & { seed?: Partial<StateSeed> } = {}): TestEmulator {
  const { seed, ...rest } = options;
  const state =
    options.state ??
    createState({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiKeys: { [API_KEY_SID]: API_KEY_SECRET },
      // Small inventory: building 30,000 numbers per test is wasted time.
      pool: defaultPoolSeed(100),
      ...seed,
    });
  const app = buildApp({ sendDelayMs: 5, deliverDelayMs: 5, ...rest, state });
  return {
    app,
    state,
    twilio(method, path, { form, query, auth = [ACCOUNT_SID, AUTH_TOKEN] } = {}) {
      const headers: Record<string, string> = {};
      if (auth) headers["authorization"] = basicAuth(auth[0], auth[1]);
      if (form) headers["content-type"] = "application/x-www-form-urlencoded";
      return app.inject({
        method,
        url: `/2010-04-01/Accounts/${ACCOUNT_SID}${path}`,
        headers,
        ...(query ? { query } : {}),
        ...(form ? { payload: new URLSearchParams(form).toString() } : {}),
      });
    },
  };
}

export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

export interface Receiver {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  url: string;
  requests: ReceivedRequest[];
  respondWith(status: number, body: string, contentType?: string): void;
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  let reply = { status: 200, body: "<Response/>", contentType: "text/xml" };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, form });
      response.writeHead(reply.status, { "content-type": reply.contentType }).end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respondWith(status, body, contentType = "text/xml") {
      reply = { status, body, contentType };
    },
    async waitFor(count, timeoutMs = 2000) {
      await waitUntil(() => requests.length >= count, timeoutMs);
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  };
}

export async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Twilio's published X-Twilio-Signature vector (twilio-node's suite and the docs example; see
 * shared/design/reference/twilio-stripe-wire-formats.md §2.4): auth token "12345" signs this URL
 * and these params as "RSOYDt4T1cUTdK1PDd93/VVr8B8=". Shared by both signature implementations' tests.
 */
export const publishedSignatureVector = {
  url: "https://mycompany.com/myapp.php?foo=1&bar=2",
  params: {
    CallSid: "CA1234567890ABCDE",
    Caller: "+14158675309",
    Digits: "1234",
    From: "+14158675309",
    To: "+18005551212",
  },
} as const;
