// For tests of the router and of the services that use it: two emulator instances playing the
// local model server and the cloud provider, and provider configs pointing at them.
import type { LlmEmulator } from "@phoenix/llm-emulator/testing";
import { startLlmEmulator } from "@phoenix/llm-emulator/testing";
import type { ProviderConfig } from "./providers.ts";

export const LOCAL_MODEL = "phoenix-local-small";
export const CLOUD_MODEL = "phoenix-cloud-large";

export interface EmulatorPair {
  local: LlmEmulator;
  cloud: LlmEmulator;
  /** local (free) then cloud (priced), in that order. */
  providers: [ProviderConfig, ProviderConfig];
  close(): Promise<void>;
}

export function providerFor(
  emulator: LlmEmulator,
  kind: ProviderConfig["kind"],
  overrides: Partial<ProviderConfig> = {},
): ProviderConfig {
  return {
    name: kind,
    kind,
    baseURL: emulator.baseURL,
    apiKey: emulator.apiKey,
    model: kind === "local" ? LOCAL_MODEL : CLOUD_MODEL,
    costPer1k: kind === "local" ? { input: 0, output: 0 } : { input: 0.5, output: 1.5 },
    ...overrides,
  };
}

export async function startEmulatorPair(): Promise<EmulatorPair> {
  const local = await startLlmEmulator({ seed: { apiKey: null, models: [LOCAL_MODEL] } });
  const cloud = await startLlmEmulator({ seed: { models: [CLOUD_MODEL] } });
  return {
    local,
    cloud,
    providers: [providerFor(local, "local"), providerFor(cloud, "cloud")],
    close: async () => {
      await Promise.all([local.close(), cloud.close()]);
    },
  };
}
