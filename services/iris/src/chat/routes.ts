// /v1/chat: the user's conversations with Alessio (list and search, create, rename, delete), their
// messages in order, and sending one — answered as server-sent events (deltas, then "done" with
// tokens, estimated cost, provider and outcome). Stop: the client hangs up, or POST …/stop (this
// replica's answer for that conversation); either aborts the upstream LLM call. Regenerate replaces
// the last coach answer. Every request needs the API's access token.
import { principalOf, requireUser } from "@phoenix/kernel/access-guard";
import { withUser } from "@phoenix/store";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import Type from "typebox";
import { requestLanguage } from "@phoenix/kernel/http";
import { errorResponses, irisError } from "../reasons.ts";
import type { ChatDeps, Prepared } from "./answer.ts";
import { answerStream, prepareRegenerate, prepareSend } from "./answer.ts";
import { MAX_MESSAGE, cleanText } from "./input.ts";
import { openSse } from "./sse.ts";
import {
  conversation,
  createConversation,
  deleteConversation,
  listConversations,
  messagesOf,
  renameConversation,
} from "./store.ts";
import type { ConversationRow, MessageRow } from "./store.ts";

const Uuid = Type.String({ format: "uuid" });
const Timestamp = Type.String({ format: "date-time" });
const bearer = [{ bearer: [] as string[] }];
const Title = Type.String({ minLength: 1, maxLength: 120, pattern: "\\S" });

const Conversation = Type.Object(
  {
    id: Uuid,
    title: Type.Union([Type.String(), Type.Null()], { description: "null until the first message names it" }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { $id: "Conversation" },
);
const Tokens = Type.Object({ prompt: Type.Integer(), completion: Type.Integer() });
const Source = Type.Union([Type.Literal("assistant"), Type.Literal("coach"), Type.Literal("llm")], {
  description:
    "assistant: the engine carried out a command; coach: a scripted flow; llm: a model via the router.",
});
const ChatMessage = Type.Object(
  {
    id: Uuid,
    role: Type.Union([Type.Literal("user"), Type.Literal("assistant")]),
    content: Type.String({ description: "Markdown for the coach's answers; render it sanitised." }),
    source: Type.Union([Source, Type.Null()]),
    outcome: Type.Union([Type.String(), Type.Null()]),
    provider: Type.Union([Type.String(), Type.Null()]),
    model: Type.Union([Type.String(), Type.Null()]),
    tokens: Tokens,
    costUsd: Type.Number(),
    createdAt: Timestamp,
  },
  { $id: "ChatMessage" },
);
const Quota = Type.Object(
  { used: Type.Integer(), limit: Type.Integer() },
  { $id: "ChatQuota", description: "Messages sent today (UTC) and the plan's daily limit." },
);
/** The stream's events (text/event-stream): `delta` then one `done`; `failed` if the answer broke. */
const ChatDelta = Type.Object({ text: Type.String() }, { $id: "ChatDelta" });
const ChatDone = Type.Object(
  {
    messageId: Type.Union([Uuid, Type.Null()], {
      description: "null when nothing was said (stopped at once)",
    }),
    source: Source,
    outcome: Type.String({ description: "completed, cancelled, interrupted, budget_exhausted, blocked…" }),
    intent: Type.Union([Type.String(), Type.Null()], { description: "the engine's intent for a command" }),
    provider: Type.Union([Type.String(), Type.Null()]),
    model: Type.Union([Type.String(), Type.Null()]),
    tokens: Tokens,
    costUsd: Type.Number({ description: "Estimated, in US dollars." }),
    quota: Type.Ref("ChatQuota"),
  },
  { $id: "ChatDone" },
);
const ChatFailed = Type.Object({ error: Type.String(), reason: Type.String() }, { $id: "ChatFailed" });

export const chatSchemas = [Conversation, ChatMessage, Quota, ChatDelta, ChatDone, ChatFailed];

const IdParams = Type.Object({ id: Uuid });
const Stopped = Type.Object({ stopped: Type.Boolean({ description: "false: no answer was running here" }) });
const ListQuery = Type.Object({
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "Text in a title or a message." }),
  ),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
});
const NewConversation = Type.Object({ title: Type.Optional(Title) }, { additionalProperties: false });
const Rename = Type.Object({ title: Title }, { additionalProperties: false });
const NewMessage = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: MAX_MESSAGE }) },
  { additionalProperties: false },
);
const Streamed = {
  200: {
    description:
      "text/event-stream: `event: delta` (ChatDelta)…, then `event: done` (ChatDone) or `event: failed` (ChatFailed).",
    content: { "text/event-stream": { schema: Type.String() } },
  },
};

const conversationView = (row: ConversationRow) => ({
  id: row.id,
  title: row.title,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const messageView = (row: MessageRow) => ({
  id: row.id,
  role: row.role,
  content: row.content,
  source: row.source,
  outcome: row.outcome,
  provider: row.provider,
  model: row.model,
  tokens: { prompt: row.prompt_tokens, completion: row.completion_tokens },
  costUsd: Number(row.cost_usd),
  createdAt: row.created_at.toISOString(),
});

/** The answers running in this replica, by conversation: what POST …/stop aborts. */
type Running = Map<string, { userId: string; controller: AbortController }>;

const failedReason = {
  fr: "La réponse s'est interrompue. Tu peux la régénérer.",
  en: "The answer broke off. You can regenerate it.",
};

async function streamAnswer(
  deps: ChatDeps,
  reply: FastifyReply,
  job: { conversationId: string; prepared: Prepared; language: "fr" | "en"; stop: AbortSignal },
): Promise<void> {
  const sse = openSse(reply);
  const signal = AbortSignal.any([sse.signal, job.stop]);
  try {
    if (job.prepared.userMessage) sse.send("accepted", { messageId: job.prepared.userMessage.id });
    for await (const event of answerStream(deps, job.prepared, signal)) {
      if (event.type === "delta") sse.send("delta", { text: event.text });
      else sse.send("done", event.final);
    }
  } catch (err) {
    reply.log.error({ err, conversationId: job.conversationId }, "chat answer failed");
    sse.send("failed", { error: "answer_failed", reason: failedReason[job.language] });
  } finally {
    sse.end();
  }
}

/**
 * Takes the conversation's slot before any await (a second message while one is answered is a
 * 409), runs `answer` with the slot's stop signal, and frees the slot however it ends.
 */
async function inSlot(
  running: Running,
  claim: { conversationId: string; userId: string },
  answer: (stop: AbortSignal) => Promise<void>,
): Promise<void> {
  if (running.has(claim.conversationId))
    throw irisError(409, "answer_in_progress", "an answer is already streaming in this conversation");
  const controller = new AbortController();
  running.set(claim.conversationId, { userId: claim.userId, controller });
  try {
    await answer(controller.signal);
  } finally {
    if (running.get(claim.conversationId)?.controller === controller) running.delete(claim.conversationId);
  }
}

const user = (request: FastifyRequest): string => principalOf(request).userId;

/** A route's options: its schema, tagged, with the bearer scheme and iris's error responses. */
const doc = (schema: { response: Record<string, unknown> } & Record<string, unknown>) => ({
  schema: {
    tags: ["chat"],
    security: bearer,
    ...schema,
    response: { ...schema.response, ...errorResponses },
  },
});

/** List and search, create, rename, delete; the messages of one. */
function conversationRoutes(deps: ChatDeps, running: Running) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.get(
      "/conversations",
      doc({ querystring: ListQuery, response: { 200: Type.Array(Type.Ref("Conversation")) } }),
      async (request) => {
        const { q, limit } = request.query as { q?: string; limit: number };
        const search = q?.trim() === "" ? undefined : q?.trim();
        const rows = await withUser(deps.pool, user(request), (tx) =>
          listConversations(tx, { search, limit }),
        );
        return rows.map(conversationView);
      },
    );

    app.post(
      "/conversations",
      doc({ body: NewConversation, response: { 201: Type.Ref("Conversation") } }),
      async (request, reply) => {
        const { title } = request.body as { title?: string };
        const row = await withUser(deps.pool, user(request), (tx) =>
          createConversation(tx, user(request), title?.trim() ?? null),
        );
        return reply.code(201).send(conversationView(row));
      },
    );

    app.patch(
      "/conversations/:id",
      doc({ params: IdParams, body: Rename, response: { 200: Type.Ref("Conversation") } }),
      async (request) => {
        const { id } = request.params as { id: string };
        const { title } = request.body as { title: string };
        return conversationView(
          await withUser(deps.pool, user(request), (tx) => renameConversation(tx, id, title.trim())),
        );
      },
    );

    app.delete(
      "/conversations/:id",
      doc({ params: IdParams, response: { 204: Type.Null() } }),
      async (request, reply) => {
        const { id } = request.params as { id: string };
        running.get(id)?.controller.abort();
        await withUser(deps.pool, user(request), (tx) => deleteConversation(tx, id));
        return reply.code(204).send();
      },
    );

    app.get(
      "/conversations/:id/messages",
      doc({ params: IdParams, response: { 200: Type.Array(Type.Ref("ChatMessage")) } }),
      async (request) => {
        const { id } = request.params as { id: string };
        const rows = await withUser(deps.pool, user(request), async (tx) => {
          await conversation(tx, id);
          return messagesOf(tx, id);
        });
        return rows.map(messageView);
      },
    );
  };
}

/** Send (streamed), regenerate (streamed), stop; today's quota. */
function answerRoutes(deps: ChatDeps, running: Running) {
  // eslint-disable-next-line @typescript-eslint/require-await -- fastify plugins are async or take done
  return async (app: FastifyInstance): Promise<void> => {
    app.post(
      "/conversations/:id/messages",
      doc({ params: IdParams, body: NewMessage, response: { ...Streamed } }),
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const text = cleanText((request.body as { text: string }).text, "body/text");
        const userId = user(request);
        const language = requestLanguage(request);
        await inSlot(running, { conversationId: id, userId }, async (stop) => {
          const prepared = await prepareSend(deps, { userId, conversationId: id, text });
          await streamAnswer(deps, reply, { conversationId: id, prepared, language, stop });
        });
      },
    );

    app.post(
      "/conversations/:id/regenerate",
      doc({ params: IdParams, response: { ...Streamed } }),
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const userId = user(request);
        const language = requestLanguage(request);
        await inSlot(running, { conversationId: id, userId }, async (stop) => {
          const prepared = await prepareRegenerate(deps, { userId, conversationId: id, language });
          await streamAnswer(deps, reply, { conversationId: id, prepared, language, stop });
        });
      },
    );

    app.post(
      "/conversations/:id/stop",
      doc({ params: IdParams, response: { 200: Stopped } }),
      (request, reply) => {
        const { id } = request.params as { id: string };
        const answer = running.get(id);
        const mine = answer?.userId === user(request);
        if (mine) answer.controller.abort();
        return reply.send({ stopped: mine });
      },
    );

    app.get("/quota", doc({ response: { 200: Type.Ref("ChatQuota") } }), async (request) => {
      const userId = user(request);
      const plan = await withUser(deps.pool, userId, async (tx) => {
        const { rows } = await tx.query<{ plan: string }>("SELECT plan FROM users WHERE id = $1", [userId]);
        return rows[0]?.plan ?? "free";
      });
      // Reserving nothing reads the counter.
      const reservation = await deps.quota.reserve({ id: userId, plan }, 0);
      return { used: reservation.used, limit: reservation.limit };
    });
  };
}

export function chatRoutes(deps: ChatDeps) {
  const running: Running = new Map();
  return async (app: FastifyInstance): Promise<void> => {
    app.addHook("onRequest", requireUser);
    await app.register(conversationRoutes(deps, running));
    await app.register(answerRoutes(deps, running));
  };
}
