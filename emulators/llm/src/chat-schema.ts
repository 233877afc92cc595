// The request body of POST /v1/chat/completions, as far as the emulator reads it. Other fields
// OpenAI accepts (temperature, top_p, user, seed…) are allowed and ignored: answers are scripted.
import Type from "typebox";
import type { Static } from "typebox";

const Role = Type.Union(
  ["system", "developer", "user", "assistant", "tool"].map((role) => Type.Literal(role)),
);
const ContentPart = Type.Object(
  { type: Type.String({ minLength: 1 }), text: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
const Message = Type.Object(
  {
    role: Role,
    content: Type.Union([Type.String(), Type.Array(ContentPart), Type.Null()]),
    name: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
const OptionalCount = Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]));

export const ChatCompletionSchema = Type.Object(
  {
    model: Type.String({ minLength: 1 }),
    messages: Type.Array(Message, { minItems: 1 }),
    stream: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
    stream_options: Type.Optional(
      Type.Union([
        Type.Object({ include_usage: Type.Optional(Type.Boolean()) }, { additionalProperties: true }),
        Type.Null(),
      ]),
    ),
    max_tokens: OptionalCount,
    max_completion_tokens: OptionalCount,
    /** Only one choice is emulated. */
    n: Type.Optional(Type.Union([Type.Literal(1), Type.Null()])),
  },
  { additionalProperties: true },
);
export type ChatCompletionRequest = Static<typeof ChatCompletionSchema>;
export type ChatMessage = ChatCompletionRequest["messages"][number];

/** A message's text: the string, or its text parts joined by newlines. */
export function textOf(message: ChatMessage): string {
  const { content } = message;
  if (content === null) return "";
  if (typeof content === "string") return content;
  return content
    .flatMap((part) => (part.type === "text" && part.text !== undefined ? [part.text] : []))
    .join("\n");
}

export const ModelParamsSchema = Type.Object({ model: Type.String({ minLength: 1 }) });
