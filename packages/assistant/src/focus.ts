// Focus sessions: "focus" (25 min, or how long is left of the running one), "focus 50", "focus 1h",
// "focus 90 on taxes"; in French "concentration 50", "focus 1h sur les impôts"; at most 3 h.
// "stop focus", "done focus", "end focus", "focus off"; "fin du focus", "arrête le focus".
import { formatMinutes, parseDuration } from "./durations.ts";
import type { Handler } from "./input.ts";
import { replyLanguage } from "./input.ts";
import type { Language } from "./language.ts";
import type { EngineContext, EngineResult } from "./types.ts";
import { formatWhen } from "./wall-clock.ts";

export const DEFAULT_FOCUS_MINUTES = 25;
export const MAX_FOCUS_MINUTES = 180;

// Patterns run on the folded text. "focus", "stop focus" and "focus off" are said in both languages.
const STOP =
  /^(?:(?:stop|end|done|finish(?:ed)?|cancel|quit|exit)\s+(?:the\s+)?focus(?:ing)?(?:\s+session)?|focus\s+(?:off|stop|done|end|over))$/;
const FRENCH_STOP =
  /^(?:(?:arrete[rz]?|fin|fini[rs]?|termine[rz]?|annule[rz]?|stoppe[rz]?)\s+(?:du\s+|de\s+|le\s+|la\s+|ma\s+|mon\s+)?(?:focus|concentration)|(?:focus|concentration)\s+(?:fini|termine|terminee|arrete|finie))$/;
const START = /^focus(?:\s+(?:for\s+|pendant\s+|de\s+)?(.+))?$/;
const FRENCH_START = /^(?:concentration|mode\s+focus|je\s+me\s+concentre)(?:\s+(?:pendant\s+|de\s+)?(.+))?$/;

const WORDS: Readonly<
  Record<
    Language,
    {
      tooShort: string;
      capped: string;
      restarted: string;
      started: string;
      until(minutes: string, until: string): string;
      none: string;
      stopped(spent: string): string;
      status(until: string, left: string): string;
    }
  >
> = {
  en: {
    tooShort: "Focus needs at least 1 minute, e.g. 'focus 25'.",
    capped: "Capped at",
    restarted: "Restarted focus:",
    started: "Focus on:",
    until: (minutes, until) => `${minutes}, until ${until}. Text 'stop focus' to end early.`,
    none: "No focus session running. Start one: 'focus 25'.",
    stopped: (spent) => `Focus stopped after ${spent}. Nice effort!`,
    status: (until, left) => `Focusing until ${until} (${left} left). Text 'stop focus' to end.`,
  },
  fr: {
    tooShort: "Le focus dure au moins 1 min, par ex. 'focus 25'.",
    capped: "Limité à",
    restarted: "Focus relancé :",
    started: "Focus :",
    until: (minutes, until) => `${minutes}, jusqu'à ${until}. Envoie 'stop focus' pour finir avant.`,
    none: "Pas de focus en cours. Lance-en un : 'focus 25'.",
    stopped: (spent) => `Focus terminé après ${spent}. Bel effort !`,
    status: (until, left) => `Focus jusqu'à ${until} (encore ${left}). Envoie 'stop focus' pour finir.`,
  },
};

/** "50", "1h", "45 min", "90 on taxes", "1h sur les impôts" → minutes; a label alone → the default. */
function requestedMinutes(arg: string | undefined): number {
  if (arg === undefined) return DEFAULT_FOCUS_MINUTES;
  const whole = parseDuration(arg);
  if (whole !== null) return whole;
  const leading = /^(\S+(?:\s+(?:min|mins|minutes|mn|h|hr|hrs|hours?|heures?))?)\s/.exec(arg);
  return (leading && parseDuration(leading[1] ?? "")) ?? DEFAULT_FOCUS_MINUTES;
}

function startFocus(arg: string | undefined, ctx: EngineContext, language: Language): EngineResult {
  const words = WORDS[language];
  const asked = requestedMinutes(arg);
  if (asked < 1) return { intent: "focus.start", reply: words.tooShort, actions: [], language };
  const minutes = Math.min(asked, MAX_FOCUS_MINUTES);
  const endsAt = new Date(ctx.now.getTime() + minutes * 60_000);
  const until = formatWhen(endsAt, ctx.now, ctx.timeZone, language);
  const lead = asked > MAX_FOCUS_MINUTES ? words.capped : ctx.focus ? words.restarted : words.started;
  const reply = `${lead} ${words.until(formatMinutes(minutes), until)}`;
  return { intent: "focus.start", reply, actions: [{ type: "focus.start", minutes, endsAt }], language };
}

function stopFocus(ctx: EngineContext, language: Language): EngineResult {
  const words = WORDS[language];
  if (!ctx.focus) return { intent: "focus.stop", reply: words.none, actions: [], language };
  const remaining = Math.max(0, Math.ceil((ctx.focus.endsAt.getTime() - ctx.now.getTime()) / 60_000));
  const spent = Math.max(0, ctx.focus.minutes - remaining);
  return {
    intent: "focus.stop",
    reply: words.stopped(formatMinutes(spent)),
    actions: [{ type: "focus.stop" }],
    language,
  };
}

function focusStatus(focus: { endsAt: Date }, ctx: EngineContext, language: Language): EngineResult {
  const left = Math.max(1, Math.ceil((focus.endsAt.getTime() - ctx.now.getTime()) / 60_000));
  const until = formatWhen(focus.endsAt, ctx.now, ctx.timeZone, language);
  return {
    intent: "focus.status",
    reply: WORDS[language].status(until, formatMinutes(left)),
    actions: [],
    language,
  };
}

/** "focus 50" is said in both languages; "for", "on", "hours" are English, "pendant", "sur", "heures" French. */
function saidIn(folded: string): Language | null {
  if (/\b(?:pendant|sur|heures?|concentration)\b/.test(folded)) return "fr";
  if (/\b(?:for|on|hours?|end|done|finish(?:ed)?|cancel|quit|exit|over)\b/.test(folded)) return "en";
  return null;
}

export const focusCommand: Handler = ({ folded }, ctx) => {
  if (STOP.test(folded)) return stopFocus(ctx, replyLanguage(saidIn(folded), ctx));
  if (FRENCH_STOP.test(folded)) return stopFocus(ctx, "fr");
  const english = START.exec(folded);
  const start = english ?? FRENCH_START.exec(folded);
  if (!start) return null;
  const language = english ? replyLanguage(saidIn(folded), ctx) : "fr";
  if (start[1] === undefined && ctx.focus && ctx.focus.endsAt.getTime() > ctx.now.getTime()) {
    return focusStatus(ctx.focus, ctx, language);
  }
  return startFocus(start[1], ctx, language);
};
