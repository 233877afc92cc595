// "help", "?", "commands" (and Twilio's HELP keyword), "aide", "commandes": the command list.
// Anything no topic claims gets a short pointer instead, tuned to why it was not understood and
// written in the message's language when its words say which.
import type { Handler } from "./input.ts";
import { replyLanguage } from "./input.ts";
import { fold, guessLanguage } from "./language.ts";
import type { Language } from "./language.ts";
import type { EngineContext, EngineResult } from "./types.ts";

export const HELP_REPLY = [
  "Phoenix commands:",
  "add call the bank / tasks / done 2 / delete 2",
  "remind me to X at 9pm (in 20 min, tomorrow 8am, on fri, every weekday at 8)",
  "reminders / cancel 2 / snooze 15",
  "focus 25 / stop focus / energy 3 / mood 2 / today",
  "tz Europe/Berlin / quiet 22-7 / langue fr",
].join("\n");

export const FRENCH_HELP_REPLY = [
  "Commandes Phoenix :",
  "ajoute appeler la banque / liste / fait 2 / supprime 2",
  "rappelle-moi de X à 21h (dans 20 min, demain 8h, vendredi, en semaine à 8h)",
  "rappels / annule 2 / snooze 15",
  "focus 25 / stop focus / énergie 3 / humeur 2 / aujourd'hui",
  "fuseau Europe/Paris / silence 22h-7h / language en",
].join("\n");

// On the folded text.
const HELP = /^(?:help|h|commands?|what can you do|how does this work)\??$/;
const FRENCH_HELP =
  /^(?:aide|aidez?[- ]moi|au\s+secours|commandes?|que\s+(?:peux|sais)[- ]tu\s+faire|tu\s+(?:fais|sers\s+a)\s+quoi|comment\s+(?:ca|cela)\s+(?:marche|fonctionne)|mode\s+d'?emploi)\??$/;
const SHARED_HELP = /^(?:\?+|menu|info|infos)\??$/;
const LATIN_LETTER = /[a-z]/i;
const ANY_LETTER = /\p{L}/u;

const HELP_REPLIES: Readonly<Record<Language, string>> = { en: HELP_REPLY, fr: FRENCH_HELP_REPLY };

export const helpCommand: Handler = ({ folded }, ctx) => {
  const said = HELP.test(folded)
    ? "en"
    : FRENCH_HELP.test(folded)
      ? "fr"
      : SHARED_HELP.test(folded)
        ? null
        : undefined;
  if (said === undefined) return null;
  const language = replyLanguage(said, ctx);
  return { intent: "help", reply: HELP_REPLIES[language], actions: [], language };
};

export const UNKNOWN_REPLIES = {
  empty:
    "Send me a command, e.g. 'add call the bank' or 'remind me at 9pm to take meds'. Text 'help' for more.",
  long: "That's a long message! Send one short command, e.g. 'add call the bank'. Text 'help' for more.",
  script: "Sorry, I understand English and French commands only. Text 'help' for the list.",
  other: "Sorry, I didn't get that. Try 'add call the bank', 'remind me at 9pm to take meds' or 'help'.",
} as const;

export const FRENCH_UNKNOWN_REPLIES: Readonly<Record<keyof typeof UNKNOWN_REPLIES, string>> = {
  empty:
    "Envoie-moi une commande, par ex. 'ajoute appeler la banque' ou 'rappelle-moi à 21h de prendre mes médicaments'.",
  long: "Message bien long ! Envoie une seule commande courte, par ex. 'ajoute appeler la banque'. Envoie 'aide' pour la liste.",
  script: "Désolé, je ne comprends pas cette langue. Envoie 'aide' pour la liste des commandes.",
  other:
    "Désolé, je n'ai pas compris. Essaie 'ajoute appeler la banque', 'rappelle-moi à 21h de X' ou 'aide'.",
};

/** The reply for input that no topic understood (`raw` is the message as received). */
export function unknown(raw: string, tooLong: boolean, ctx: EngineContext): EngineResult {
  const text = raw.trim();
  const kind = tooLong
    ? "long"
    : text === ""
      ? "empty"
      : ANY_LETTER.test(text) && !LATIN_LETTER.test(text)
        ? "script"
        : "other";
  const language = tooLong ? ctx.language : (guessLanguage(fold(text)) ?? ctx.language);
  const replies = language === "fr" ? FRENCH_UNKNOWN_REPLIES : UNKNOWN_REPLIES;
  return { intent: "unknown", reply: replies[kind], actions: [], language };
}
