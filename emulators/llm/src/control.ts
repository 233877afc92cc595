// The control API under /_control: no authentication, for tests and demos on loopback only.
// Inspect what was asked and answered, script replies, inject faults, reset.
import { HttpError } from "@phoenix/kernel/http";
import type { FastifyInstance } from "fastify";
import type { EmulatorContext } from "./context.ts";
import type { FaultsRequest, RepliesRequest, StateView } from "./control-schema.ts";
import { FaultsSchema, RepliesSchema } from "./control-schema.ts";
import { addFaults, createFaults } from "./faults.ts";
import type { Faults } from "./faults.ts";
import { checkRule } from "./replies.ts";
import { resetState, totals } from "./state.ts";
import type { LlmState } from "./state.ts";

export const CONTROL_PREFIX = "/_control";

const faultsView = (faults: Faults) => structuredClone(faults);

export function stateView(state: LlmState): StateView {
  return {
    apiKeyRequired: state.seed.apiKey !== null,
    models: state.seed.models,
    script: structuredClone(state.script),
    faults: faultsView(state.faults),
    requests: structuredClone(state.requests),
    totals: totals(state.requests),
  };
}

/** Register with `{ prefix: CONTROL_PREFIX }`. */
export function registerControlApi(app: FastifyInstance, ctx: EmulatorContext): void {
  const { state } = ctx;

  app.get("/state", () => stateView(state));

  app.post("/reset", (_request, reply) => {
    // Stalled streams and injected waits end: their clients see the connection drop.
    ctx.lifetime.renew();
    resetState(state);
    return reply.code(204).send();
  });

  app.post<{ Body: FaultsRequest }>("/faults", { schema: { body: FaultsSchema } }, (request) => {
    addFaults(state.faults, request.body);
    return faultsView(state.faults);
  });
  app.delete("/faults", (_request, reply) => {
    state.faults = createFaults();
    return reply.code(204).send();
  });

  app.put<{ Body: RepliesRequest }>("/replies", { schema: { body: RepliesSchema } }, (request) => {
    const { rules, default: template } = request.body;
    for (const rule of rules ?? []) {
      try {
        checkRule(rule);
      } catch (err) {
        throw new HttpError(400, "invalid_pattern", `${rule.pattern}: ${(err as Error).message}`);
      }
    }
    if (rules) state.script.rules = rules;
    if (template !== undefined) state.script.default = template;
    return structuredClone(state.script);
  });
}
