// The small pieces every reply is built from, pinned exactly: repeat descriptions, plurals, cuts,
// lists, notices, language words, folding, typo correction and zone names. (Mutation testing found
// these only loosely checked through the phrasing tables.)
import { describe, expect, it } from "vitest";
import { interpret } from "./index.ts";
import { defaultLanguage, fold, guessLanguage, parseLanguage } from "./language.ts";
import { notices } from "./messages/notices.ts";
import { describeRecurrence } from "./recurrence.ts";
import { fitList, plural, shorten } from "./replies.ts";
import { contextAt } from "./testing.ts";
import { resolveZone } from "./time-zone.ts";
import { correctCommandWord } from "./typos.ts";
import type { Recurrence } from "./types.ts";

const weekly = (...weekdays: number[]): Recurrence => ({ freq: "weekly", weekdays, time: "08:00" });

describe("describeRecurrence", () => {
  it.each<[Recurrence, string, string]>([
    [{ freq: "daily", time: "08:00" }, "daily", "tous les jours"],
    [{ freq: "weekdays", time: "08:00" }, "weekdays", "en semaine"],
    [weekly(6, 7), "weekends", "le week-end"],
    [weekly(1), "Mon", "le lundi"],
    [weekly(1, 4), "Mon, Thu", "le lundi et le jeudi"],
    [weekly(1, 3, 5), "Mon, Wed, Fri", "le lundi, le mercredi et le vendredi"],
    [weekly(6), "Sat", "le samedi"],
    [weekly(7), "Sun", "le dimanche"],
    [weekly(5, 7), "Fri, Sun", "le vendredi et le dimanche"],
    [weekly(6, 7, 1), "Sat, Sun, Mon", "le samedi, le dimanche et le lundi"],
    [{ freq: "weekly", time: "08:00" }, "", ""],
  ])("%j reads %j and %j", (rule, english, french) => {
    expect(describeRecurrence(rule)).toBe(english);
    expect(describeRecurrence(rule, "en")).toBe(english);
    expect(describeRecurrence(rule, "fr")).toBe(french);
  });
});

describe("plural", () => {
  it.each([
    [0, "en", "0 tasks"],
    [1, "en", "1 task"],
    [2, "en", "2 tasks"],
    [0, "fr", "0 tache"],
    [1, "fr", "1 tache"],
    [2, "fr", "2 taches"],
  ] as const)("%d in %s", (count, language, expected) => {
    expect(plural(count, language === "fr" ? "tache" : "task", language)).toBe(expected);
  });
  it("is English unless told", () => {
    expect(plural(0, "rappel")).toBe("0 rappels");
  });
});

describe("shorten", () => {
  it("keeps text that fits, to the last character", () => {
    expect(shorten("abcde", 5)).toBe("abcde");
    expect(shorten("abcdef", 5)).toBe("ab...");
  });
  it("cuts at a word boundary in the second half, else mid-word", () => {
    expect(shorten("call the bank tomorrow morning", 20)).toBe("call the bank...");
    expect(shorten("a verylongwordwithoutspaces", 12)).toBe("a verylon...");
  });
  it("counts characters, not UTF-16 units", () => {
    expect(shorten("🙂🙂🙂🙂🙂", 5)).toBe("🙂🙂🙂🙂🙂");
  });
});

describe("fitList", () => {
  it("joins header, lines and footer", () => {
    expect(fitList({ header: "H:", lines: ["1. a", "2. b"], footer: "F." })).toBe("H:\n1. a\n2. b\nF.");
    expect(fitList({ header: "H:", lines: ["1. a"] })).toBe("H:\n1. a");
  });
  it("says how many lines it left out, in the list's language", () => {
    const lines = Array.from({ length: 60 }, (_, i) => `${i + 1}. something to do number ${i + 1}`);
    const english = fitList({ header: "Tasks:", lines, footer: "End." });
    expect(english).toMatch(/\n\+\d+ more\nEnd\.$/);
    const french = fitList({ header: "Ta liste :", lines, more: "autres" });
    expect(french).toMatch(/\n\+\d+ autres$/);
    const shown = english.split("\n").length - 3;
    expect(english).toContain(`+${60 - shown} more`);
  });
});

describe("notices", () => {
  it("read exactly, in English", () => {
    const en = notices("en");
    expect(en.reminder("stretch")).toBe('Reminder: stretch. Reply "snooze" for 10 more min.');
    expect(en.focusEnded(25)).toBe(
      'Focus time\'s up (25 min). How did it go? Reply "energy 1-5" or "focus" for another round.',
    );
    expect(en.nudge.missed(3)).toBe(
      '3 reminders slipped by today. Want to move them? Text "reminders" to see them.',
    );
    expect(en.nudge.streak(3)).toBe(
      '3 days in a row of getting things done. Nice! Text "today" for today\'s plan.',
    );
    expect(en.nudge.silence()).toBe(
      'Haven\'t heard from you in a few days. No pressure: text "today" for a quick plan.',
    );
    expect(en.quotaReached(30)).toBe(
      "You've reached today's limit of 30 messages. I'll be back tomorrow - upgrade to premium for more.",
    );
    expect(en.started).toBe("You're back! Reminders and replies are on again. Text HELP for commands.");
    expect(en.stopped).toBe("You're unsubscribed: no more messages from Phoenix. Text START to come back.");
  });
  it("read exactly, in French", () => {
    const fr = notices("fr");
    expect(fr.focusEnded(25)).toBe(
      'Fin du focus (25 min). Comment te sens-tu ? Réponds "énergie 1-5" ou "focus" pour repartir.',
    );
    expect(fr.nudge.missed(3)).toBe(
      '3 rappels sont passés sans réponse aujourd\'hui. Les décaler ? Envoie "rappels" pour les voir.',
    );
    expect(fr.nudge.streak(4)).toBe(
      '4 jours de suite à avancer. Bravo ! Envoie "aujourd\'hui" pour ton programme.',
    );
    expect(fr.nudge.silence()).toBe(
      'Pas de nouvelles depuis quelques jours. Aucune pression : envoie "aujourd\'hui" pour un petit plan.',
    );
    expect(fr.quotaReached(30)).toBe(
      "Tu as atteint la limite du jour (30 messages). Je reviens demain, ou passe en premium pour plus.",
    );
    expect(fr.started).toBe(
      "Re-bonjour ! Les rappels et les réponses sont de retour. Envoie AIDE pour les commandes.",
    );
    expect(fr.stopped).toBe("C'est noté : plus aucun message de Phoenix. Envoie START pour reprendre.");
  });
});

describe("language words", () => {
  it.each([
    [" fr ", "fr"],
    ["FR-FR", "fr"],
    ["fr_fr", "fr"],
    ["fra", "fr"],
    ["french", "fr"],
    ["en-GB", "en"],
    ["eng", "en"],
    ["frx", null],
    ["xfr", null],
    ["english please", null],
    ["", null],
  ] as const)("parseLanguage(%j) = %j", (word, expected) => {
    expect(parseLanguage(word)).toBe(expected);
  });

  it("defaults to French without a usable phone number", () => {
    expect(defaultLanguage("33612345678")).toBe("fr");
    expect(defaultLanguage(undefined)).toBe("fr");
    expect(defaultLanguage("+1")).toBe("en");
  });

  it("folds curly apostrophes and combining accents, and keeps what cannot fold in place", () => {
    expect(fold("l’été ‘x’")).toBe("l'ete 'x'");
    const decomposed = "e\u0301te\u0301";
    expect(fold(decomposed)).toHaveLength(decomposed.length);
    expect(fold("Ça")).toBe("ca");
    expect(fold("ÆØ")).toBe("æø");
  });

  it("guesses nothing on a tie or on words of neither language", () => {
    expect(guessLanguage(fold("je the"))).toBeNull();
    expect(guessLanguage(fold("le chat-the dog"))).toBeNull();
    expect(guessLanguage(fold("je-ne-sais"))).toBe("fr");
  });

  it("shows the user's language when 'langue' comes alone, in that language", () => {
    const reply = (language: "fr" | "en", text: string) =>
      interpret(text, contextAt("2026-03-27T10:00", "Europe/Paris", { language }));
    expect(reply("fr", "langue")).toMatchObject({
      reply: "Je te réponds en français. Anglais : 'language en'.",
      actions: [],
    });
    expect(reply("en", "language")).toMatchObject({
      reply: "I reply in English. For French: 'langue fr'.",
      actions: [],
    });
    expect(reply("en", "langage fr").actions).toEqual([{ type: "preferences.set", language: "fr" }]);
    expect(reply("en", "language klingon")).toMatchObject({ language: "en", actions: [] });
    expect(reply("en", "language klingon").reply).toBe(
      `I speak English and French, not "klingon". Try 'language en' or 'langue fr'.`,
    );
    expect(reply("fr", "langue klingon")).toMatchObject({ language: "fr", actions: [] });
  });
});

describe("correctCommandWord", () => {
  it.each([
    ["tahces", "taches"],
    ["tahces!", "taches"],
    ["rapelle-moi à 9h", "rappelle-moi à 9h"],
    ["suprime 2", "supprime 2"],
    ["remnid me", "remind me"],
    ["snoze 10", "snooze 10"],
  ])("%j → %j", (typed, corrected) => {
    expect(correctCommandWord(typed)).toBe(corrected);
  });

  it.each([
    ["tsk", "shorter than four letters"],
    ["tasks", "already a command word"],
    ["annuler 2", "already a command word"],
    ["xylophone", "nothing close"],
    ["rappelx", "as close to several command words"],
    ["", "empty"],
    ["ftsk 2", "two edits from a five-letter word"],
  ])("leaves %j alone (%s)", (typed) => {
    expect(correctCommandWord(typed)).toBeNull();
  });
});

describe("resolveZone", () => {
  it.each([
    ["Europe/Paris", "Europe/Paris"],
    ["europe/paris", "Europe/Paris"],
    ["america/new york", "America/New_York"],
    ["new york", "America/New_York"],
    ["  tokyo ", "Asia/Tokyo"],
    ["UTC", "UTC"],
  ])("%j → %j", (typed, zone) => {
    expect(resolveZone(typed)).toBe(zone);
  });

  it.each(["Paris;DROP", "Mars/Olympus", "", "Europe/Nowhere"])("refuses %j", (typed) => {
    expect(resolveZone(typed)).toBeNull();
  });
});
