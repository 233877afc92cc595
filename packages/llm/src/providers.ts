// Providers are OpenAI-compatible endpoints, each with its model and prices, reached through the
// official client with `baseURL`. "local" ones (a model server on our own machines: Ollama,
// llama.cpp, vLLM) get the conversation as the user wrote it (normalised); "cloud" ones get it
// with personal data redacted (see guardian/).
import OpenAI from "openai";
import type { Breaker, BreakerOptions, Clock } from "./breaker.ts";
import { BREAKER_STATE_VALUE, createBreaker } from "./breaker.ts";
import type { RouterMetrics } from "./metrics.ts";
import type { CostPer1k } from "./usage.ts";

export type ProviderKind = "local" | "cloud";

export interface ProviderConfig {
  /** Unique; the `provider` label of the metrics. */
  name: string;
  kind: ProviderKind;
  /** e.g. http://127.0.0.1:11434/v1 or https://api.openai.com/v1 */
  baseURL: string;
  apiKey: string;
  model: string;
  costPer1k: CostPer1k;
  /** Overrides the router's time to first token for this provider. */
  firstTokenMs?: number;
  /**
   * How the answer's length limit is sent. Default: max_tokens for local servers (Ollama,
   * llama.cpp and vLLM all read it), max_completion_tokens for cloud ones (OpenAI's current name).
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
}

export interface Provider {
  config: ProviderConfig;
  client: OpenAI;
  breaker: Breaker;
}

export type BreakerSettings = Omit<BreakerOptions, "clock" | "onChange">;

export function createProviders(
  configs: readonly ProviderConfig[],
  settings: { breaker: BreakerSettings; clock: Clock; metrics: RouterMetrics; totalMs: number },
): Map<string, Provider> {
  const providers = new Map<string, Provider>();
  for (const config of configs) {
    if (providers.has(config.name))
      throw new Error(`llm router: provider ${config.name} is configured twice`);
    const gauge = settings.metrics.breakerState.labels({ provider: config.name });
    gauge.set(BREAKER_STATE_VALUE.closed);
    providers.set(config.name, {
      config,
      // Retries are the router's (only where safe), never the client's.
      client: new OpenAI({
        baseURL: config.baseURL,
        apiKey: config.apiKey,
        maxRetries: 0,
        timeout: settings.totalMs,
      }),
      breaker: createBreaker({
        ...settings.breaker,
        clock: settings.clock,
        onChange: (state) => {
          gauge.set(BREAKER_STATE_VALUE[state]);
        },
      }),
    });
  }
  return providers;
}

/** The providers of each task, in order, checked once at start: a typo fails the service's boot. */
export function resolveRoutes(
  routes: Readonly<Record<string, readonly string[]>>,
  providers: ReadonlyMap<string, Provider>,
): Map<string, Provider[]> {
  const resolved = new Map<string, Provider[]>();
  for (const [task, names] of Object.entries(routes)) {
    resolved.set(
      task,
      names.map((name) => {
        const provider = providers.get(name);
        if (!provider) throw new Error(`llm router: task ${task} names unknown provider ${name}`);
        return provider;
      }),
    );
  }
  return resolved;
}
