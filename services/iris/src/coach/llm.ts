// Alessio through the Smart Router, when providers are configured: a system prompt that keeps him
// a coach (short, one step at a time, never inventing facts, never claiming to have done anything —
// actions are the assistant engine's, which saw the message first), and the conversation's recent
// turns. The router's Security Guardian normalises the input, flags injections and redacts
// personal data before a cloud provider.
import { routerFromConfig } from "@phoenix/llm";
import type { ChatMessage, ProviderConfig, RedisEval, Router } from "@phoenix/llm";
import type { Registry } from "prom-client";
import type { IrisConfig } from "../config.ts";
import type { Language } from "../reasons.ts";

export const COACH_TASK = "coach";
/** Turns of the conversation sent with the new message. */
const HISTORY = 12;

const SYSTEM: Readonly<Record<Language, string>> = {
  fr: "Tu es Alessio, coach de carrière bienveillant de Phoenix. Beaucoup d'utilisateurs ont un TDAH : réponds en français, court (moins de 120 mots), en markdown simple, avec une seule prochaine action concrète. Sujets : reconversion, compétences, formation et financement (CPF, France Travail), candidatures, entretiens, motivation. N'invente jamais d'expérience ni de fait. Tu ne peux rien exécuter toi-même : pour une tâche ou un rappel, propose à l'utilisateur d'écrire par exemple « rappelle-moi demain 9h de … ».",
  en: 'You are Alessio, Phoenix\'s kind career coach. Many users have ADHD: answer in English, briefly (under 120 words), in simple markdown, with one concrete next action. Topics: career change, skills, training and funding (CPF, France Travail), applications, interviews, motivation. Never invent experience or facts. You cannot carry out anything yourself: for a task or a reminder, suggest the user writes e.g. "remind me tomorrow at 9am to …".',
};

export interface Turn {
  role: "user" | "assistant";
  content: string;
}

/** The messages for one answer: the system prompt, the last turns, then the new message. */
export function coachMessages(language: Language, history: readonly Turn[], text: string): ChatMessage[] {
  return [
    { role: "system", content: SYSTEM[language] },
    ...history.slice(-HISTORY).map((turn) => ({ role: turn.role, content: turn.content })),
    { role: "user", content: text },
  ];
}

/** The router, or null when no provider is configured (the coach then answers from its flows). */
export function createCoachRouter(
  config: IrisConfig,
  deps: { providers: readonly ProviderConfig[]; redis: RedisEval; registry: Registry },
): Router | null {
  return routerFromConfig(config, { ...deps, task: COACH_TASK, budgetPrefix: "iris:llm-budget" });
}
