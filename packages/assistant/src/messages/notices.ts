// What Phoenix sends on its own, outside a reply: a reminder firing, a focus session ending,
// nudges, the daily quota notice and the opt-in/opt-out confirmations. The services pick the
// user's language and send these words; they live here with the engine's replies so both
// languages are written (and their segments counted) in one place.
import type { Language } from "../language.ts";

export interface Notices {
  /** A reminder firing; `text` is the user's own words. */
  reminder(text: string): string;
  /** A focus session's check-in at its end. */
  focusEnded(minutes: number): string;
  nudge: {
    /** `count` reminders fired today went unanswered. */
    missed(count: number): string;
    /** Tasks completed on `days` days in a row. */
    streak(days: number): string;
    /** No message from the user for a few days. */
    silence(): string;
  };
  /** The one notice of the day once the plan's inbound `limit` is used up. */
  quotaReached(limit: number): string;
  /** The reply to START (Twilio lifted its block; ours is lifted too). */
  started: string;
  /**
   * The confirmation of an opt-out keyword Twilio does not handle itself (ARRET): the last
   * message the user gets until START. Twilio answers STOP and its English synonyms itself.
   */
  stopped: string;
}

const en: Notices = {
  reminder: (text) => `Reminder: ${text}. Reply "snooze" for 10 more min.`,
  focusEnded: (minutes) =>
    `Focus time's up (${minutes} min). How did it go? Reply "energy 1-5" or "focus" for another round.`,
  nudge: {
    missed: (count) =>
      `${count} reminders slipped by today. Want to move them? Text "reminders" to see them.`,
    streak: (days) => `${days} days in a row of getting things done. Nice! Text "today" for today's plan.`,
    silence: () => `Haven't heard from you in a few days. No pressure: text "today" for a quick plan.`,
  },
  quotaReached: (limit) =>
    `You've reached today's limit of ${limit} messages. I'll be back tomorrow - upgrade to premium for more.`,
  started: "You're back! Reminders and replies are on again. Text HELP for commands.",
  stopped: "You're unsubscribed: no more messages from Phoenix. Text START to come back.",
};

// GSM-7 wording (apps.md §3): é, è, à and ù are in the GSM alphabet, ê, â, î, ô, û and ç are not,
// so "ça", "même" or "bientôt" would turn the whole SMS into UCS-2. Plain spaces before ":", "!"
// and "?" (a no-break space is not GSM-7 either).
const fr: Notices = {
  reminder: (text) => `Rappel : ${text}. Réponds "snooze" pour 10 min de plus.`,
  focusEnded: (minutes) =>
    `Fin du focus (${minutes} min). Comment te sens-tu ? Réponds "énergie 1-5" ou "focus" pour repartir.`,
  nudge: {
    missed: (count) =>
      `${count} rappels sont passés sans réponse aujourd'hui. Les décaler ? Envoie "rappels" pour les voir.`,
    streak: (days) => `${days} jours de suite à avancer. Bravo ! Envoie "aujourd'hui" pour ton programme.`,
    silence: () =>
      `Pas de nouvelles depuis quelques jours. Aucune pression : envoie "aujourd'hui" pour un petit plan.`,
  },
  quotaReached: (limit) =>
    `Tu as atteint la limite du jour (${limit} messages). Je reviens demain, ou passe en premium pour plus.`,
  started: "Re-bonjour ! Les rappels et les réponses sont de retour. Envoie AIDE pour les commandes.",
  stopped: "C'est noté : plus aucun message de Phoenix. Envoie START pour reprendre.",
};

const NOTICES: Readonly<Record<Language, Notices>> = { en, fr };

export function notices(language: Language): Notices {
  return NOTICES[language];
}
