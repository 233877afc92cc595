// The control API's contract, shared by the routes (validation) and the typed client: request
// types are derived from their TypeBox schemas, never written twice.
import Type from "typebox";
import type { Static } from "typebox";
import type { FailureRule, StreamRule, Timings } from "./faults.ts";
import type { ReplyScript } from "./replies.ts";
import type { RecordedRequest, Totals } from "./state.ts";

const Milliseconds = Type.Integer({ minimum: 0, maximum: 600_000 });
const RuleWhen = {
  nth: Type.Optional(Type.Integer({ minimum: 1, description: "first affected call, 1 = the next one" })),
  count: Type.Optional(Type.Integer({ minimum: 1, description: "calls affected; default 1" })),
};

export const FailureSchema = Type.Object(
  {
    /** CreateChatCompletion (default), ListModels, or "*". */
    operation: Type.Optional(Type.String({ minLength: 1 })),
    status: Type.Union([Type.Literal(429), Type.Integer({ minimum: 500, maximum: 599 })]),
    ...RuleWhen,
    message: Type.Optional(Type.String()),
    /** 429 only: retry-after in seconds; default 1. */
    retryAfterSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  },
  { additionalProperties: false },
);

export const StreamFaultSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal("stall"), Type.Literal("disconnect"), Type.Literal("error")]),
    /** Content pieces sent first; default 0 (before the first token). */
    afterChunks: Type.Optional(Type.Integer({ minimum: 0 })),
    ...RuleWhen,
  },
  { additionalProperties: false },
);

export const FaultsSchema = Type.Object(
  {
    /** Before the response starts; replaces the current value (0 removes it). */
    latencyMs: Type.Optional(Milliseconds),
    /** Between the start of the response and the first content piece. */
    firstTokenMs: Type.Optional(Milliseconds),
    /** Between content pieces. */
    interChunkMs: Type.Optional(Milliseconds),
    /** Appended to the rules already active. */
    failures: Type.Optional(Type.Array(FailureSchema)),
    streams: Type.Optional(Type.Array(StreamFaultSchema)),
  },
  { additionalProperties: false },
);
export type FaultsRequest = Static<typeof FaultsSchema>;

export const RepliesSchema = Type.Object(
  {
    /** Replaces the rules; the first whose pattern (a regex, case-insensitive) matches answers. */
    rules: Type.Optional(
      Type.Array(
        Type.Object(
          { pattern: Type.String({ minLength: 1 }), reply: Type.String() },
          { additionalProperties: false },
        ),
      ),
    ),
    /** Replaces the default template; {{last}} and {{model}} are filled in. */
    default: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type RepliesRequest = Static<typeof RepliesSchema>;

export interface FaultsView {
  timings: Timings;
  failures: FailureRule[];
  streams: StreamRule[];
}

export interface StateView {
  apiKeyRequired: boolean;
  models: readonly string[];
  script: ReplyScript;
  faults: FaultsView;
  /** Chat completion requests, oldest first. */
  requests: RecordedRequest[];
  totals: Totals;
}
