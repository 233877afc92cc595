// Optional fallback for messages the deterministic engine does not understand (intent "unknown"):
// one call to an OpenAI-compatible `POST {baseUrl}/chat/completions`. It only talks: it never
// produces actions, and any failure (timeout, network, non-2xx, odd JSON) is null, so the caller
// keeps the engine's own reply. Off unless the service is given a base URL.
import type { EngineContext, Language } from "@phoenix/assistant";
import { DateTime } from "luxon";

export interface LlmOptions {
  /** e.g. "https://api.openai.com/v1" (no trailing "/chat/completions"). */
  baseUrl: string;
  apiKey: string;
  model: string;
  /** The whole call, connect to last byte; past it the answer is null. */
  timeoutMs: number;
  fetch?: typeof fetch;
}

export type LlmResponder = (text: string, ctx: EngineContext) => Promise<string | null>;

/** Longest reply passed on: two GSM-7 segments' worth, about. */
export const MAX_LLM_REPLY = 320;
const MAX_USER_TEXT = 1000;

// The reply's language is ctx.language: the agent passes the language of the user's message (or
// their own when the message does not say). French replies avoid the accents outside GSM-7.
const LANGUAGE_RULES: Readonly<Record<Language, string[]>> = {
  en: [
    "Answer in English.",
    "You cannot create tasks or reminders or change settings yourself. When the user wants that, tell them",
    "the exact text to send: 'add call the bank', 'remind me at 9pm to take meds', 'focus 25',",
    "'energy 3', 'today', or 'help' for all commands.",
  ],
  fr: [
    "Answer in French, addressing the user as 'tu'. Avoid the letters ê â î ô û ç œ where French allows it",
    "(they make the SMS cost double); é è à ù are fine.",
    "You cannot create tasks or reminders or change settings yourself. When the user wants that, tell them",
    "the exact text to send: 'ajoute appeler la banque', 'rappelle-moi à 21h de prendre mes médicaments',",
    "'focus 25', 'énergie 3', 'aujourd'hui', or 'aide' for all commands.",
  ],
};

function systemPrompt(ctx: EngineContext): string {
  const now = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).setLocale("en-US").toFormat("ccc h:mm a");
  return [
    "You are Phoenix, a kind and brief SMS assistant for people with ADHD.",
    `Answer in plain text (no markdown), under ${MAX_LLM_REPLY - 20} characters.`,
    ...LANGUAGE_RULES[ctx.language],
    `The user's local time is ${now} (${ctx.timeZone}).`,
  ].join(" ");
}

/** Cuts to MAX_LLM_REPLY UTF-16 units at a word boundary, never inside a surrogate pair. */
export function trimReply(text: string): string {
  const clean = text.trim();
  if (clean.length <= MAX_LLM_REPLY) return clean;
  let cut = clean.slice(0, MAX_LLM_REPLY - 3);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_LLM_REPLY / 2 ? cut.slice(0, space) : cut).trimEnd()}...`;
}

function contentOf(body: unknown): string | null {
  const choices = (body as { choices?: unknown } | null)?.choices;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const content = (first as { message?: { content?: unknown } } | undefined)?.message?.content;
  return typeof content === "string" && content.trim() !== "" ? trimReply(content) : null;
}

export function createLlmResponder(options: LlmOptions): LlmResponder {
  const call = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  return async (text, ctx) => {
    try {
      const response = await call(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: options.model,
          max_tokens: 160,
          temperature: 0.3,
          messages: [
            { role: "system", content: systemPrompt(ctx) },
            { role: "user", content: text.slice(0, MAX_USER_TEXT) },
          ],
        }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        return null;
      }
      return contentOf(await response.json());
    } catch {
      return null;
    }
  };
}
