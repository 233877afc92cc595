// What the user reads when the gateway, not a model, has something to say. Every string in French
// (the default) and English; the coach's pages show them as they are.

export type Language = "fr" | "en";

export type NoticeCode = "budget_exhausted" | "interrupted" | "unavailable" | "blocked";

const NOTICES: Readonly<Record<NoticeCode, Readonly<Record<Language, string>>>> = {
  budget_exhausted: {
    fr: "Tu as utilisé tout ton quota du coach pour aujourd'hui. Il se renouvelle demain ; tes tâches et tes rappels fonctionnent toujours.",
    en: "You have used all of today's coach allowance. It renews tomorrow; your tasks and reminders still work.",
  },
  interrupted: {
    fr: "[Réponse interrompue : le service n'a pas pu la terminer. Tu peux la régénérer.]",
    en: "[Answer interrupted: the service could not finish it. You can regenerate it.]",
  },
  unavailable: {
    fr: "Le coach n'est pas joignable pour le moment. Réessaie dans quelques minutes.",
    en: "The coach can't be reached right now. Please try again in a few minutes.",
  },
  blocked: {
    fr: "Je ne peux pas suivre ce message : il ressemble à une tentative de détourner mes consignes. Reformule ta question ?",
    en: "I can't follow that message: it looks like an attempt to override my instructions. Could you rephrase your question?",
  },
};

export function notice(code: NoticeCode, language: Language): string {
  return NOTICES[code][language];
}

export const NOTICE_CODES = Object.keys(NOTICES) as NoticeCode[];
export const LANGUAGES: readonly Language[] = ["fr", "en"];
