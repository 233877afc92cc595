// The user's language: "langue fr", "language en", "langue anglais", "in english", "en français",
// "parle-moi en anglais". The reply is in the language chosen.
import type { Handler } from "./input.ts";
import { replyLanguage, tail } from "./input.ts";
import { parseLanguage } from "./language.ts";
import type { Language } from "./language.ts";
import { withEcho } from "./replies.ts";

// On the folded text.
const LANGUAGE = /^(langue|language|lang|langage)\b\s*[:=]?\s*(?:en\s+|in\s+|to\s+)?(.*)$/;
const SWITCH =
  /^(?:(?:parle|parlez|ecris|reponds|repondez|reponds?)[- ](?:moi\s+)?en\s+(\w+)|(?:speak|talk|write|reply|answer)(?:\s+to\s+me)?\s+in\s+(\w+)|(?:en\s+)?(francais|anglais)|(?:in\s+)?(french|english))$/;

const WORDS: Readonly<Record<Language, { current: string; set: string; unknown(echo: string): string }>> = {
  en: {
    current: "I reply in English. For French: 'langue fr'.",
    set: "OK, I'll reply in English from now on. For French: 'langue fr'.",
    unknown: (echo) => `I speak English and French, not "${echo}". Try 'language en' or 'langue fr'.`,
  },
  fr: {
    // "français" has a ç, outside GSM-7: these two replies stay within one UCS-2 segment (70).
    current: "Je te réponds en français. Anglais : 'language en'.",
    set: "OK, je te réponds en français désormais.",
    unknown: (echo) => `Je parle seulement FR et EN, pas "${echo}". Essaie 'langue fr' ou 'language en'.`,
  },
};

export const languageCommand: Handler = (message, ctx) => {
  const { folded } = message;
  const intent = "preferences.language";
  const named = LANGUAGE.exec(folded);
  if (named) {
    const said: Language = (named[1] ?? "").startsWith("langue") || named[1] === "langage" ? "fr" : "en";
    const arg = tail(message, named).text;
    if (!arg) {
      const language = replyLanguage(null, ctx);
      return { intent, reply: WORDS[language].current, actions: [], language };
    }
    const chosen = parseLanguage(arg);
    if (!chosen)
      return {
        intent,
        reply: withEcho((echo) => WORDS[said].unknown(echo), arg),
        actions: [],
        language: said,
      };
    return {
      intent,
      reply: WORDS[chosen].set,
      actions: [{ type: "preferences.set", language: chosen }],
      language: chosen,
    };
  }
  const switched = SWITCH.exec(folded);
  // A group that did not take part in the match is undefined, whatever RegExpExecArray's type says.
  const groups: (string | undefined)[] = switched?.slice(1) ?? [];
  const word = groups.find((group) => group !== undefined);
  const chosen = word === undefined ? null : parseLanguage(word);
  if (!chosen) return null;
  return {
    intent,
    reply: WORDS[chosen].set,
    actions: [{ type: "preferences.set", language: chosen }],
    language: chosen,
  };
};
