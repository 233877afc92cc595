// One chat message, end to end. First the assistant engine, exactly as for an SMS (the agent's own
// context loader, interpret, the store's applyChanges with source_app "iris", jobs enqueued after
// commit on the same queues — so a reminder set in chat is texted by the workers like one set by
// SMS). When the engine does not recognise a command, Alessio answers: through the Smart Router
// when providers are configured (falling back to the scripted flows when none can answer before
// its first token), else from the flows. The answer is stored once it ends — completed, stopped
// or interrupted — with its tokens, estimated cost and provider.
import { interpret } from "@phoenix/assistant";
import { loadContext, loadUser } from "@phoenix/agent/src/context.ts";
import type { UserRow } from "@phoenix/agent/src/context.ts";
import type { Logger } from "@phoenix/kernel/log";
import type { Budget, Router } from "@phoenix/llm";
import { applyChanges, enqueueAfterCommit, withUser } from "@phoenix/store";
import type { AfterCommit, Queues, Tx } from "@phoenix/store";
import type pg from "pg";
import { coachAnswer, coachStateOf } from "../coach/flows.ts";
import type { CoachState } from "../coach/flows.ts";
import { COACH_TASK, coachMessages } from "../coach/llm.ts";
import type { Turn } from "../coach/llm.ts";
import { irisError } from "../reasons.ts";
import type { Language } from "../reasons.ts";
import { addMessage, conversation, deleteMessage, messagesOf, setCoachState } from "./store.ts";
import type { MessageRow, Source } from "./store.ts";

export interface ChatDeps {
  pool: pg.Pool;
  queues: Pick<Queues, "reminders" | "focus">;
  /** null: no LLM configured. */
  router: Router | null;
  /** Messages a day per plan (the quota): one unit per message sent or regenerated. */
  quota: Budget;
  logger: Logger;
  now: () => Date;
}

export interface Final {
  messageId: string | null;
  source: Source;
  outcome: string;
  intent: string | null;
  provider: string | null;
  model: string | null;
  tokens: { prompt: number; completion: number };
  costUsd: number;
  quota: { used: number; limit: number };
}

export type AnswerEvent = { type: "delta"; text: string } | { type: "done"; final: Final };

/** What the coach needs once the user's message is stored. */
interface CoachTurn {
  userId: string;
  plan: string;
  conversationId: string;
  language: Language;
  text: string;
  history: Turn[];
  state: CoachState | null;
}

export interface Prepared {
  userMessage: MessageRow | null;
  quota: { used: number; limit: number };
  /** Set when the engine carried the message out: its reply is the answer. */
  command: { reply: MessageRow; after: AfterCommit[] } | null;
  coach: CoachTurn | null;
}

async function userOf(tx: Tx, userId: string): Promise<UserRow> {
  const user = await loadUser(tx, userId);
  if (!user) throw irisError(404, "conversation_not_found", "the user is gone");
  return user;
}

async function reserve(deps: ChatDeps, user: UserRow): Promise<{ used: number; limit: number }> {
  const reservation = await deps.quota.reserve({ id: user.id, plan: user.plan }, 1);
  if (!reservation.allowed)
    throw irisError(429, "quota_exhausted", `daily chat quota of ${reservation.limit} messages reached`);
  return { used: reservation.used, limit: reservation.limit };
}

const turnsOf = (rows: readonly MessageRow[]): Turn[] =>
  rows.map((row) => ({ role: row.role, content: row.content }));

/** Stores the user's message and runs the engine on it, in one transaction of the user's. */
export async function prepareSend(
  deps: ChatDeps,
  input: { userId: string; conversationId: string; text: string },
): Promise<Prepared> {
  const now = deps.now();
  const prepared = await storeAndInterpret(deps, input, now);
  // Committed: the reminder's SMS and the focus session's end go on the workers' queues now.
  if (prepared.command) await enqueueAfterCommit(deps.queues, input.userId, prepared.command.after, now);
  return prepared;
}

function storeAndInterpret(
  deps: ChatDeps,
  input: { userId: string; conversationId: string; text: string },
  now: Date,
): Promise<Prepared> {
  const { userId, conversationId, text } = input;
  return withUser(deps.pool, userId, async (tx) => {
    const current = await conversation(tx, conversationId, { lock: true });
    const user = await userOf(tx, userId);
    const quota = await reserve(deps, user);
    const history = turnsOf(await messagesOf(tx, conversationId, 24));
    const userMessage = await addMessage(tx, { userId, conversationId, role: "user", content: text, now });
    const result = interpret(text, await loadContext(tx, user, now));
    if (result.intent !== "unknown") {
      const origin = { chatMessageId: userMessage.id };
      const { after } = await applyChanges({ tx, userId, origin, now, sourceApp: "iris" }, result.actions);
      const reply = await addMessage(tx, {
        ...{ userId, conversationId, role: "assistant", content: result.reply, now },
        ...{ source: "assistant", outcome: "completed", intent: result.intent },
      });
      return { userMessage, quota, command: { reply, after }, coach: null };
    }
    const state = coachStateOf(current.coach_state);
    const coach = {
      userId,
      plan: user.plan,
      conversationId,
      language: result.language,
      text,
      history,
      state,
    };
    return { userMessage, quota, command: null, coach };
  });
}

/** Regenerate: the last coach answer goes, and its user message is answered again from where it was. */
export function prepareRegenerate(
  deps: ChatDeps,
  input: { userId: string; conversationId: string; language: Language },
): Promise<Prepared> {
  const { userId, conversationId } = input;
  return withUser(deps.pool, userId, async (tx) => {
    const current = await conversation(tx, conversationId, { lock: true });
    const rows = await messagesOf(tx, conversationId, 26);
    const last = rows.at(-1);
    const answered = last?.role === "assistant";
    if (!last || (answered && last.source === "assistant"))
      throw irisError(409, "nothing_to_regenerate", "the last message is not a coach answer");
    const question = answered ? rows.at(-2) : last;
    if (question?.role !== "user") throw irisError(409, "nothing_to_regenerate", "no question to answer");
    const user = await userOf(tx, userId);
    const quota = await reserve(deps, user);
    if (answered) await deleteMessage(tx, last.id);
    const state = answered ? coachStateOf(last.coach_before) : coachStateOf(current.coach_state);
    const language = interpret(question.content, await loadContext(tx, user, deps.now())).language;
    const history = turnsOf(rows.slice(0, rows.indexOf(question)));
    const coach = {
      userId,
      plan: user.plan,
      conversationId,
      language,
      text: question.content,
      history,
      state,
    };
    return { userMessage: null, quota, command: null, coach };
  });
}

interface Spoken {
  text: string;
  source: Source;
  outcome: string;
  provider: string | null;
  model: string | null;
  tokens: { prompt: number; completion: number };
  costUsd: number;
  /** The flow's state after the answer; undefined: unchanged (an LLM answer). */
  state?: CoachState | null;
}

const FREE = { provider: null, model: null, tokens: { prompt: 0, completion: 0 }, costUsd: 0 };

/** The scripted answer, streamed by paragraph. */
// eslint-disable-next-line @typescript-eslint/require-await -- an answer is a stream, whoever gives it
async function* fromFlows(turn: CoachTurn): AsyncGenerator<AnswerEvent, Spoken> {
  const answer = coachAnswer(turn.text, turn.language, turn.state);
  const paragraphs = answer.text.split(/(?<=\n\n)/u);
  for (const paragraph of paragraphs) yield { type: "delta", text: paragraph };
  return { ...FREE, text: answer.text, source: "coach", outcome: "completed", state: answer.state };
}

/** Through the router; null when nobody could answer before a first token (the flows then do). */
async function* fromRouter(
  router: Router,
  turn: CoachTurn,
  signal: AbortSignal,
): AsyncGenerator<AnswerEvent, Spoken | null> {
  let text = "";
  const events = router.stream({
    task: COACH_TASK,
    user: { id: turn.userId, plan: turn.plan },
    language: turn.language,
    messages: coachMessages(turn.language, turn.history, turn.text),
    signal,
  });
  for await (const event of events) {
    if (event.type === "end") {
      const { summary } = event;
      if (summary.outcome === "unavailable" && text === "") return null;
      const { provider, model, tokens, costUsd, outcome } = summary;
      return { text, source: "llm", outcome, provider, model, tokens, costUsd };
    }
    // A notice (budget, interruption, block) is part of the answer the user reads; an unavailable
    // one before any word is replaced by the flows' answer instead.
    if (event.type === "notice" && event.code === "unavailable" && text === "") continue;
    const piece = event.type === "notice" ? (text === "" ? event.text : `\n\n${event.text}`) : event.text;
    text += piece;
    yield { type: "delta", text: piece };
  }
  return null;
}

/** The coach's answer to a prepared turn: deltas, then the stored message's summary. */
export async function* coachStream(
  deps: ChatDeps,
  prepared: Prepared & { coach: CoachTurn },
  signal: AbortSignal,
): AsyncGenerator<AnswerEvent, void> {
  const turn = prepared.coach;
  let spoken = deps.router ? yield* fromRouter(deps.router, turn, signal) : null;
  spoken ??= signal.aborted
    ? { ...FREE, text: "", source: "coach", outcome: "cancelled" }
    : yield* fromFlows(turn);
  const final = await store(deps, turn, spoken, prepared.quota);
  yield { type: "done", final };
}

/** The answer as it ended: stored unless nothing was said, with the flow's new state. */
async function store(
  deps: ChatDeps,
  turn: CoachTurn,
  spoken: Spoken,
  quota: { used: number; limit: number },
): Promise<Final> {
  const { userId, conversationId } = turn;
  const summary = { ...spoken, intent: null, quota };
  if (spoken.text === "") return { ...summary, messageId: null };
  const row = await withUser(deps.pool, userId, async (tx) => {
    const message = await addMessage(tx, {
      ...{ userId, conversationId, role: "assistant", content: spoken.text, source: spoken.source },
      ...{ outcome: spoken.outcome, provider: spoken.provider, model: spoken.model, tokens: spoken.tokens },
      ...{ costUsd: spoken.costUsd, coachBefore: turn.state, now: deps.now() },
    });
    if (spoken.state !== undefined) await setCoachState(tx, conversationId, spoken.state);
    return message;
  });
  return { ...summary, messageId: row.id };
}

/** The engine's reply as the answer (its changes are committed and their jobs enqueued). */
// eslint-disable-next-line @typescript-eslint/require-await -- one shape for both kinds of answer
export async function* commandStream(
  prepared: Prepared & { command: NonNullable<Prepared["command"]> },
): AsyncGenerator<AnswerEvent, void> {
  const { reply } = prepared.command;
  yield { type: "delta", text: reply.content };
  yield {
    type: "done",
    final: {
      ...FREE,
      messageId: reply.id,
      source: "assistant",
      outcome: "completed",
      intent: reply.intent,
      quota: prepared.quota,
    },
  };
}

/** The answer's events, whichever way it is given. */
export function answerStream(
  deps: ChatDeps,
  prepared: Prepared,
  signal: AbortSignal,
): AsyncGenerator<AnswerEvent, void> {
  if (prepared.command) return commandStream({ ...prepared, command: prepared.command });
  if (!prepared.coach) throw new Error("a prepared turn is a command or a coach turn");
  return coachStream(deps, { ...prepared, coach: prepared.coach }, signal);
}
