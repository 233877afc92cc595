// Energy and mood check-ins on a 1–5 scale: "energy 3", "energy 4 tired but ok", "energy: 2/5",
// "mood 2"; in French "énergie 3", "nrj 2", "humeur 4", "moral 2". Both are stored as energy
// check-ins; a mood's note starts with "mood" (stored data, not a reply).
import type { Handler } from "./input.ts";
import { tail } from "./input.ts";
import type { Language } from "./language.ts";
import { shorten } from "./replies.ts";
import type { EngineResult } from "./types.ts";

const MAX_NOTE = 200;
// On the folded text.
const CHECK_IN = /^(energy|mood|nrg)\b(?:\s*(?:level|is|at))?\s*[:=-]?\s*(.*)$/;
const FRENCH_CHECK_IN =
  /^(energie|nrj|niveau\s+d'?energie|forme|humeur|moral)\b(?:\s*(?:est\s+a|a|de|:))?\s*[:=-]?\s*(.*)$/;
const LEVEL = /^(\d+(?:[.,]\d+)?)(?:\s*(?:\/|sur)\s*5)?(?:\s*[,.;:-]\s*|\s+|$)(.*)$/;

type Kind = "energy" | "mood";

const WORDS: Readonly<
  Record<
    Language,
    {
      ask: Record<Kind, string>;
      logged: Record<Kind, (value: number) => string>;
      advice: Record<Kind, string[]>;
    }
  >
> = {
  en: {
    ask: {
      energy: "Rate your energy from 1 (low) to 5 (high), e.g. 'energy 3'.",
      mood: "Rate your mood from 1 (low) to 5 (high), e.g. 'mood 3'.",
    },
    logged: { energy: (value) => `Energy ${value}/5 logged.`, mood: (value) => `Mood ${value}/5 logged.` },
    advice: {
      energy: [
        "Rest counts too.",
        "Low day: pick one tiny task.",
        "Steady: one task at a time.",
        "Good moment for a harder task.",
        "Great! Tackle the big one.",
      ],
      mood: [
        "Be gentle with yourself today.",
        "Tough day: small steps are fine.",
        "OK is OK.",
        "Nice, glad to hear it.",
        "Great to hear!",
      ],
    },
  },
  fr: {
    ask: {
      energy: "Note ton énergie de 1 (bas) à 5 (haut), par ex. 'énergie 3'.",
      mood: "Note ton humeur de 1 (bas) à 5 (haut), par ex. 'humeur 3'.",
    },
    logged: { energy: (value) => `Énergie ${value}/5 notée.`, mood: (value) => `Humeur ${value}/5 notée.` },
    advice: {
      energy: [
        "Le repos compte aussi.",
        "Journée basse : choisis une toute petite chose.",
        "Stable : une chose à la fois.",
        "Bon moment pour un truc plus dur.",
        "Super ! Attaque le gros morceau.",
      ],
      mood: [
        "Sois indulgent avec toi aujourd'hui.",
        "Journée difficile : les petits pas suffisent.",
        "Moyen, c'est OK.",
        "Tant mieux, bonne nouvelle.",
        "Génial !",
      ],
    },
  },
};

/** The 1–5 level and the words after it, or null when there is no whole number in range. */
function readLevel(arg: string): { value: number; words: string } | null {
  const level = LEVEL.exec(arg);
  const value = level ? Number((level[1] ?? "").replace(",", ".")) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 5) return null;
  return { value, words: shorten((level?.[2] ?? "").trim(), MAX_NOTE) };
}

export const energyCommand: Handler = (message): EngineResult | null => {
  const { folded } = message;
  const english = CHECK_IN.exec(folded);
  const match = english ?? FRENCH_CHECK_IN.exec(folded);
  if (!match) return null;
  const language: Language = english ? "en" : "fr";
  const head = match[1] ?? "";
  const kind: Kind = /^(?:mood|humeur|moral)/.test(head) ? "mood" : "energy";
  const intent = `${kind}.record`;
  const say = WORDS[language];
  // The level and note as typed: the group is the end of the match.
  const arg = tail(message, match).text;
  const level = readLevel(arg);
  if (!level) return { intent, reply: say.ask[kind], actions: [], language };
  const { value, words } = level;
  const note = kind === "mood" ? `mood${words ? `: ${words}` : ""}` : words || null;
  const reply = `${say.logged[kind](value)} ${say.advice[kind][value - 1] ?? ""}`;
  return { intent, reply, actions: [{ type: "energy.record", level: value, note }], language };
};
