// For tests of the emulator and of the components that call an LLM: an emulator listening on
// 127.0.0.1:0 with the official `openai` client and the control client pointed at it.
//   const llm = await startLlmEmulator();
//   const answer = await llm.client().chat.completions.create({ model: llm.models[0], messages });
//   expect((await llm.control.state()).requests).toHaveLength(1);
//   await llm.close();
// It imports the openai package at run time (hoisted from @phoenix/llm's dependencies).
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import OpenAI from "openai";
import type { ClientOptions } from "openai";
import { buildApp } from "./app.ts";
import type { EmulatorOptions } from "./app.ts";
import { createControlClient } from "./control-client.ts";
import type { LlmControlClient } from "./control-client.ts";
import { createState } from "./state.ts";
import type { LlmState, StateSeed } from "./state.ts";

export const TEST_API_KEY = "sk-test-phoenix-llm-emulator-0123456789";

export interface StartOptions extends EmulatorOptions {
  /** Seed when `state` is not given; the key defaults to TEST_API_KEY. */
  seed?: Partial<StateSeed>;
}

export interface LlmEmulator {
  /** http://127.0.0.1:<port> */
  url: string;
  /** `${url}/v1`, what an OpenAI client takes as baseURL. */
  baseURL: string;
  port: number;
  /** The key accepted ("unused" when any key is). */
  apiKey: string;
  models: readonly string[];
  control: LlmControlClient;
  /** The official client pointed at the emulator, without retries unless `options` ask. */
  client(options?: ClientOptions): OpenAI;
  close(): Promise<void>;
  app: FastifyInstance;
  state: LlmState;
}

export async function startLlmEmulator(options: StartOptions = {}): Promise<LlmEmulator> {
  const { seed, ...appOptions } = options;
  const state = options.state ?? createState({ apiKey: TEST_API_KEY, ...seed });
  const app = buildApp({ ...appOptions, state });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const apiKey = state.seed.apiKey ?? "unused";
  return {
    url,
    baseURL: `${url}/v1`,
    port,
    apiKey,
    models: state.seed.models,
    control: createControlClient(url),
    client: (clientOptions = {}) =>
      new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0, ...clientOptions }),
    // A client's pool may hold a connection it opened and never used; Node does not count it as
    // idle, so close() would wait for its headers timeout.
    close: async () => {
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
    },
    app,
    state,
  };
}
