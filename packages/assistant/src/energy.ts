// Energy and mood check-ins on a 1–5 scale: "energy 3", "energy 4 tired but ok", "energy: 2/5",
// "mood 2". Both are stored as energy check-ins; a mood's note starts with "mood".
import type { Handler } from "./input.ts";
import { shorten } from "./replies.ts";
import type { EngineResult } from "./types.ts";

const MAX_NOTE = 200;
const CHECK_IN = /^(energy|mood|nrg)\b(?:\s*(?:level|is|at))?\s*[:=-]?\s*(.*)$/i;
const LEVEL = /^(\d+(?:\.\d+)?)(?:\s*\/\s*5)?(?:\s*[,.;:-]\s*|\s+|$)(.*)$/;

const ADVICE: Record<"energy" | "mood", string[]> = {
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
};

/** The 1–5 level and the words after it, or null when there is no whole number in range. */
function readLevel(arg: string): { value: number; words: string } | null {
  const level = LEVEL.exec(arg);
  const value = level ? Number(level[1]) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 5) return null;
  return { value, words: shorten((level?.[2] ?? "").trim(), MAX_NOTE) };
}

export const energyCommand: Handler = ({ text }): EngineResult | null => {
  const match = CHECK_IN.exec(text);
  if (!match) return null;
  const kind = (match[1] ?? "").toLowerCase() === "mood" ? "mood" : "energy";
  const intent = `${kind}.record`;
  const level = readLevel(match[2] ?? "");
  if (!level)
    return { intent, reply: `Rate your ${kind} from 1 (low) to 5 (high), e.g. '${kind} 3'.`, actions: [] };
  const { value, words } = level;
  const note = kind === "mood" ? `mood${words ? `: ${words}` : ""}` : words || null;
  const reply = `${kind === "mood" ? "Mood" : "Energy"} ${value}/5 logged. ${ADVICE[kind][value - 1] ?? ""}`;
  return { intent, reply, actions: [{ type: "energy.record", level: value, note }] };
};
